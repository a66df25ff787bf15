import * as vscode from 'vscode';
import { setContext } from '../../vscode/contextKeys';

const KEY = 'mlops.runs.viewState';
const MAX_RECENT_FILTERS = 10;

interface StoredState {
  filter?: string;
  recentFilters?: string[];
  orderBy?: string;
  showDeleted?: boolean;
  metric?: string;
}

/** The Runs view's filter, ordering and options, remembered per workspace. */
export class RunsViewState {
  private state: StoredState;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    this.state = memento.get<StoredState>(KEY, {});
    this.publish();
  }

  get filter(): string {
    return this.state.filter ?? '';
  }

  get recentFilters(): readonly string[] {
    return this.state.recentFilters ?? [];
  }

  get orderBy(): string | undefined {
    return this.state.orderBy;
  }

  get showDeleted(): boolean {
    return this.state.showDeleted ?? false;
  }

  get metric(): string | undefined {
    return this.state.metric;
  }

  async setFilter(filter: string): Promise<void> {
    const trimmed = filter.trim();
    const recent = trimmed ? [trimmed, ...this.recentFilters.filter((f) => f !== trimmed)].slice(0, MAX_RECENT_FILTERS) : this.recentFilters;
    await this.update({ filter: trimmed, recentFilters: [...recent] });
  }

  setOrderBy(orderBy: string | undefined): Promise<void> {
    return this.update({ orderBy });
  }

  setShowDeleted(showDeleted: boolean): Promise<void> {
    return this.update({ showDeleted });
  }

  setMetric(metric: string | undefined): Promise<void> {
    return this.update({ metric });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async update(change: Partial<StoredState>): Promise<void> {
    this.state = { ...this.state, ...change };
    await this.memento.update(KEY, this.state);
    this.publish();
    this.changed.fire();
  }

  private publish(): void {
    setContext('mlops.runs.filtered', this.filter !== '');
    setContext('mlops.runs.showDeleted', this.showDeleted);
  }
}
