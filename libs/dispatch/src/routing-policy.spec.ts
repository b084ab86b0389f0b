import { dispatchableChannels, routingPolicyOf } from './routing-policy';

describe('routing', () => {
  it('sends bills once by whatever works, and service updates everywhere', () => {
    expect(routingPolicyOf('invoice')).toBe('first-available');
    expect(routingPolicyOf('payment-confirmation')).toBe('first-available');
    expect(routingPolicyOf('service-update')).toBe('every-channel');
    expect(routingPolicyOf('dunning-letter')).toBe('first-available');
  });

  it('keeps the order, drops the PDF (an attachment) and channels with no address', () => {
    const recipient = { customerId: 'C-1', name: 'Jordan', phone: '+12125550143' };
    expect(dispatchableChannels(['pdf', 'email', 'whatsapp', 'sms'], recipient)).toEqual(['whatsapp', 'sms']);
    expect(dispatchableChannels(['email', 'pdf'], { ...recipient, email: 'j@example.com' })).toEqual(['email']);
  });
});
