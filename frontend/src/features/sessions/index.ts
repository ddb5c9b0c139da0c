export { SessionsPage } from './components/sessions-page';
export { SessionView } from './components/session-view';
