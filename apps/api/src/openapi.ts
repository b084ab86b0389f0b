import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (UI) and /docs-json, generated from the controllers and DTOs. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Transactional communications composer')
    .setDescription(
      'Billing systems post invoices, payment confirmations and service updates; the platform renders them to ' +
        'email, PDF, SMS and WhatsApp with one-click pay and ask actions. Errors are application/problem+json ' +
        '(RFC 9457) with a stable `code` and, for validation, `errors[].pointer` (JSON pointers).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .addCookieAuth(
      'ccm_session',
      { type: 'apiKey', in: 'cookie', name: 'ccm_session', description: 'Studio session (POST /v1/session); changes also need the X-CSRF-Token header' },
      'ccm_session',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
