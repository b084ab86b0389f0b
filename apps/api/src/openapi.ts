import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI document, generated from the controllers and DTOs. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
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
  return SwaggerModule.createDocument(app, config);
}

/** OpenAPI at /docs (UI) and /docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
