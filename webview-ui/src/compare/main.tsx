import { createRoot } from 'react-dom/client';
import '../components/components.css';
import './compare.css';
import { App } from './App';
import { CompareServicesContext, ViewStateContext, useCompareData, type CompareServices } from './compareContext';
import { CompareStore } from './host/compareStore';
import { forwardErrorsToHost } from './host/errorForwarding';
import { firstChartsAsked } from './host/firstChartsAsked';
import { FirstPaintReporter } from './host/firstPaint';
import { connectToHost } from './host/hostBridge';
import { SeriesRequests } from './host/seriesRequests';
import { markStart } from './host/startMarks';
import { firstChartsOfPage } from './logic/firstCharts';
import { usePersistentView } from './usePersistentView';

function Root({ services }: { services: CompareServices }) {
  return (
    <CompareServicesContext.Provider value={services}>
      <WithViewState services={services} />
    </CompareServicesContext.Provider>
  );
}

function WithViewState({ services }: { services: CompareServices }) {
  const data = useCompareData();
  const handle = usePersistentView(services.bridge, data);
  return (
    <ViewStateContext.Provider value={handle}>
      <App />
    </ViewStateContext.Provider>
  );
}

markStart('appStart');
const bridge = connectToHost();
const log = forwardErrorsToHost(bridge);
const store = new CompareStore((problem) => log('warn', problem));
store.listen();
const requests = new SeriesRequests(bridge);
const firstCharts = firstChartsOfPage(bridge.savedState(), document.documentElement.clientWidth);
firstChartsAsked(store, requests, firstCharts);
const services: CompareServices = { bridge, store, requests, firstPaint: new FirstPaintReporter(bridge), log };

const container = document.getElementById('root');
if (!container) throw new Error('The Compare panel page has no #root element');
createRoot(container, {
  onUncaughtError: (error) => log('error', `render failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
}).render(<Root services={services} />);
// The listener is attached, so nothing the host sends from now on is lost.
bridge.post(firstCharts ? { type: 'ready', firstCharts } : { type: 'ready' });
markStart('ready');
