import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, context and the current request id', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    requestContext.run({ requestId: 'req-42' }, () => logger.log('document accepted', 'Documents'));
    logger.debug('hidden below the configured level');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'document accepted', context: 'Documents', requestId: 'req-42' });
  });
});
