import type { Workbench } from '../support/workbench';

// run.ts opens one workbench for the whole e2e run and hands it to every test as `this.workbench`.
declare module 'mocha' {
  interface Context {
    workbench: Workbench;
  }
}
