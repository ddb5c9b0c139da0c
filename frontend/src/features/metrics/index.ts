export { MetricsPage } from './components/metrics-page';
