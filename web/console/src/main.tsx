import { render } from 'preact';
import { App } from './app.tsx';
import { completeHostedUiSignIn } from './auth/hosted-ui.ts';
import { currentLanguage, setLanguage } from './i18n.ts';
import { loadConfig } from './session.ts';

setLanguage(currentLanguage());
const root = document.getElementById('app');
if (root) {
  loadConfig()
    .then(async (config) => {
      // Back from the Cognito hosted UI (`?code=&state=`): exchange the code before the first render.
      let signInError: string | undefined;
      if (config.auth.kind === 'cognito') {
        await completeHostedUiSignIn(config.auth).catch((error: unknown) => {
          signInError = error instanceof Error ? error.message : String(error);
        });
      }
      root.textContent = '';
      render(<App {...(signInError ? { signInError } : {})} />, root);
    })
    .catch(() => {
      root.textContent = '无法加载配置 (config.json)。Could not load the configuration.';
    });
}
