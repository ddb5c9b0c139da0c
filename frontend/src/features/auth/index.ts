export { AuthProvider, useAuth } from './components/auth-provider';
export { SignInForm } from './components/sign-in-form';
export type { Credentials } from './lib/credentials';
