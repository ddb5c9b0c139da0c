import { EmptyState } from '@/components/states';

export function NotFoundRoute() {
  return <EmptyState title="Page not found">There is nothing at this address. Use the menu to find your way.</EmptyState>;
}
