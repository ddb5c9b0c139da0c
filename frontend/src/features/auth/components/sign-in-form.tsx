import { type FormEvent, useState } from 'react';
import { KeyRound, LogIn } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { Credentials } from '../lib/credentials';
import { useAuth } from './auth-provider';

export function SignInForm({ onSignedIn }: { onSignedIn?: () => void }) {
  const { signIn, notice, checkingLink } = useAuth();
  const [kind, setKind] = useState<Credentials['kind']>('token');
  const [token, setToken] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const credentials: Credentials =
      kind === 'token' ? { kind, token: token.trim() } : { kind, publicKey: publicKey.trim(), secretKey: secretKey.trim() };
    if (credentials.kind === 'token' ? !credentials.token : !credentials.publicKey || !credentials.secretKey) {
      setError(kind === 'token' ? 'Enter the API token.' : 'Enter both keys.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await signIn(credentials);
      onSignedIn?.();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setPending(false);
    }
  };

  const message = error ?? notice;
  return (
    <Card className="w-full max-w-md">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-xl">
          <KeyRound className="size-5" /> Sign in to xtrace
        </CardTitle>
        <CardDescription>
          Use the server&apos;s API token (printed at first start) or a public/secret key pair. It stays in this tab
          only.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Sign in">
          <Tabs value={kind} onValueChange={(value) => setKind(value as Credentials['kind'])}>
            <TabsList className="w-full">
              <TabsTrigger value="token">API token</TabsTrigger>
              <TabsTrigger value="keys">Key pair</TabsTrigger>
            </TabsList>
            <TabsContent value="token" className="flex flex-col gap-2 pt-2">
              <Label htmlFor="token">API token</Label>
              <Input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
            </TabsContent>
            <TabsContent value="keys" className="flex flex-col gap-2 pt-2">
              <Label htmlFor="public-key">Public key</Label>
              <Input id="public-key" autoComplete="off" value={publicKey} onChange={(e) => setPublicKey(e.target.value)} />
              <Label htmlFor="secret-key">Secret key</Label>
              <Input id="secret-key" type="password" autoComplete="off" value={secretKey} onChange={(e) => setSecretKey(e.target.value)} />
            </TabsContent>
          </Tabs>
          {checkingLink && <p className="text-muted-foreground text-sm">Signing in with the link…</p>}
          {message && (
            <Alert variant="destructive">
              <AlertDescription>{message}</AlertDescription>
            </Alert>
          )}
          <Button type="submit" disabled={pending}>
            <LogIn /> {pending ? 'Checking…' : 'Sign in'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
