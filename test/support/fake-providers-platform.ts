import { FakeTwilioServer, FakeWhatsAppCloudServer } from './providers';
import { startTestPlatform, TestPlatform } from './test-platform';

/**
 * A platform whose SMS and WhatsApp go to the given fake Twilio and Cloud API servers,
 * with retries fast enough for a test (50 ms backoff, 4 attempts), and a billing key.
 */
export async function startWithFakeProviders(twilio: FakeTwilioServer, whatsapp: FakeWhatsAppCloudServer): Promise<{ platform: TestPlatform; auth: Record<string, string> }> {
  await twilio.listen();
  await whatsapp.listen();
  const platform = await startTestPlatform({ ...twilio.env(), ...whatsapp.env(), CCM_DISPATCH_BACKOFF_BASE_MS: '50', CCM_DISPATCH_MAX_ATTEMPTS: '4' });
  return { platform, auth: { Authorization: `Bearer ${await platform.keyFor('billing')}` } };
}

/** Stops what `startWithFakeProviders` started, the platform first so nothing is sent to a closed server. */
export async function stopWithFakeProviders(platform: TestPlatform | undefined, twilio: FakeTwilioServer, whatsapp: FakeWhatsAppCloudServer): Promise<void> {
  await platform?.close();
  await twilio.close();
  await whatsapp.close();
}
