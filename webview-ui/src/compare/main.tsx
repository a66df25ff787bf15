import { createRoot } from 'react-dom/client';

// Placeholder until the Compare app lands; keeps the build and type-check honest.
createRoot(document.getElementById('root')!).render(<p>Compare</p>);
