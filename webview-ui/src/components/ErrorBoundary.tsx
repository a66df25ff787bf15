import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface ErrorBoundaryProps {
  /** what failed, for the message: "the scatter plot" */
  what: string;
  onError: (message: string) => void;
  children: ReactNode;
}

interface ErrorBoundaryState {
  message: string | null;
}

/** One broken part of a panel shows its error in place; the rest of the panel keeps working. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { message: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.props.onError(`${this.props.what} failed: ${detail}${info.componentStack ?? ''}`);
  }

  override render(): ReactNode {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="error-banner" role="alert">
        Could not show {this.props.what}: {this.state.message}. The log has the details; reopening the panel may help.
      </div>
    );
  }
}
