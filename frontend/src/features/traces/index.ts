export { TracesPage } from './components/traces-page';
export { TraceView } from './components/trace-view';
