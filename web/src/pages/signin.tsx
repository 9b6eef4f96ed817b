/**
 * Sign-in. Locally the units are offered (one click signs a token with the local secret);
 * in AWS one button goes to the Cognito hosted sign-in.
 */
import { useState } from 'preact/hooks';
import { type Session, signInCognito, signInLocal } from '../auth.ts';
import { config } from '../config.ts';

export function SignInPage(props: { onSignedIn: (s: Session) => void }) {
  const c = config();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const local = async (unit: string) => {
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signInLocal(unit));
      location.hash = '#/';
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const groups: Array<[string, string]> = [
    ['bureau', '区商务局'],
    ['street', '街道'],
    ['office', '产业办'],
  ];
  return (
    <main id="main" class="signin">
      <h1>临空港经开区 企业服务属地管理</h1>
      <p class="lead">上传台账、查看检查结果、查询企业归属与本月指标。</p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {c.auth === 'cognito' ? (
        <button type="button" class="primary" onClick={() => void signInCognito(c)}>
          登录（统一身份认证）
        </button>
      ) : (
        <section aria-labelledby="local-title" class="local-signin">
          <h2 id="local-title">
            本地环境登录 <span class="badge">仅限本机演示与测试</span>
          </h2>
          <p>
            本地环境不核验密码：选择单位即以该单位身份登录（令牌 8 小时内有效）。正式环境使用统一身份认证。
          </p>
          {groups.map(([kind, label]) => (
            <fieldset>
              <legend>{label}</legend>
              <div class="unit-buttons">
                {c.units
                  .filter((u) => u.kind === kind)
                  .map((u) => (
                    <button type="button" disabled={busy} onClick={() => void local(u.id)} data-unit={u.id}>
                      {u.name}
                    </button>
                  ))}
              </div>
            </fieldset>
          ))}
        </section>
      )}
    </main>
  );
}
