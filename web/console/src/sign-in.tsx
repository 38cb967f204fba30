import { useState } from 'preact/hooks';
import { type Role, roles } from '../../../shared/http/roles.ts';
import { apiUrl } from './api.ts';
import { signInWithHostedUi } from './auth/hosted-ui.ts';
import { t } from './i18n.ts';
import { roleLabel } from './labels.ts';
import { consoleConfig, type Session, startSession } from './session.ts';

/** The demo's offices and departments (local/seed.ts), offered as suggestions; any id may be typed. */
const exampleOffices = ['bj', 'sh', 'gz'];
const exampleDepartments = ['assembly', 'painting', 'procurement'];

/**
 * `npm start`: pick a role (and the office or department of scoped users); the local runtime signs
 * a token like Cognito's ID token (POST /_local/token).
 */
function LocalTokenPicker({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [role, setRole] = useState<Role>('customer-service');
  const [office, setOffice] = useState('bj');
  const [department, setDepartment] = useState('assembly');
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const response = await fetch(apiUrl('/_local/token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          role,
          ...(role === 'office' && office.trim() ? { office: office.trim() } : {}),
          ...(role === 'department' && department.trim() ? { department: department.trim() } : {}),
        }),
      });
      const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
      if (!response.ok || !body.token) throw new Error(body.error ?? `HTTP ${response.status}`);
      onSignedIn(startSession(body.token));
    } catch (cause) {
      setError(
        t('console.signIn.failed', { reason: cause instanceof Error ? cause.message : String(cause) }),
      );
    }
  };
  return (
    <form class="sign-in-form" onSubmit={submit} data-testid="local-sign-in">
      <p class="hint">{t('console.signIn.localIntro')}</p>
      <div class="field">
        <label for="sign-in-role">{t('console.signIn.role')}</label>
        <select id="sign-in-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          {roles.map((option) => (
            <option key={option} value={option}>
              {roleLabel(option)} ({option})
            </option>
          ))}
        </select>
      </div>
      {role === 'office' ? (
        <div class="field">
          <label for="sign-in-office">{t('console.signIn.office')}</label>
          <input
            id="sign-in-office"
            list="sign-in-offices"
            value={office}
            aria-describedby="sign-in-office-hint"
            onInput={(e) => setOffice(e.currentTarget.value)}
          />
          <datalist id="sign-in-offices">
            {exampleOffices.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <p class="hint" id="sign-in-office-hint">
            {t('console.signIn.officeHint')}
          </p>
        </div>
      ) : null}
      {role === 'department' ? (
        <div class="field">
          <label for="sign-in-department">{t('console.signIn.department')}</label>
          <input
            id="sign-in-department"
            list="sign-in-departments"
            value={department}
            aria-describedby="sign-in-department-hint"
            onInput={(e) => setDepartment(e.currentTarget.value)}
          />
          <datalist id="sign-in-departments">
            {exampleDepartments.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <p class="hint" id="sign-in-department-hint">
            {t('console.signIn.departmentHint')}
          </p>
        </div>
      ) : null}
      <div role="alert" class={error ? 'notice notice-error' : 'empty'}>
        {error}
      </div>
      <button type="submit">{t('console.signIn')}</button>
    </form>
  );
}

/** AWS: the Cognito hosted UI (user name, password, MFA), which sends the browser back here. */
function HostedUiSignIn({ error }: { error?: string }) {
  const config = consoleConfig();
  const [busy, setBusy] = useState(false);
  if (config.auth.kind !== 'cognito') return null;
  const auth = config.auth;
  return (
    <div class="sign-in-form">
      <p class="hint">{t('console.signIn.cognitoIntro')}</p>
      <div role="alert" class={error ? 'notice notice-error' : 'empty'}>
        {error ? t('console.signIn.failed', { reason: error }) : null}
      </div>
      <button
        type="button"
        aria-disabled={busy ? true : undefined}
        onClick={() => {
          setBusy(true);
          signInWithHostedUi(auth).catch(() => setBusy(false));
        }}
      >
        {t('console.signIn.withCognito')}
      </button>
    </div>
  );
}

/** Sign-in: the local token picker in `npm start`, the Cognito hosted UI in AWS. */
export function SignIn({ onSignedIn, error }: { onSignedIn: (session: Session) => void; error?: string }) {
  return (
    <main id="main" tabIndex={-1} class="sign-in">
      <h1>{t('console.title')}</h1>
      <h2>{t('console.signIn')}</h2>
      {consoleConfig().auth.kind === 'cognito' ? (
        <HostedUiSignIn {...(error ? { error } : {})} />
      ) : (
        <LocalTokenPicker onSignedIn={onSignedIn} />
      )}
    </main>
  );
}
