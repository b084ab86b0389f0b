import { dispatchAddressErrors } from './dispatch-addresses';

describe('addresses a dispatch sends to', () => {
  const recipient = { customerId: 'C-1', name: 'Layla' };

  it('accepts real addresses and numbers', () => {
    expect(dispatchAddressErrors({ ...recipient, email: 'layla@example.com', phone: '+966501234567', whatsapp: '+966501234568' }, ['email', 'sms', 'whatsapp'])).toEqual([]);
  });

  it('names each field that a provider would refuse', () => {
    expect(dispatchAddressErrors({ ...recipient, email: 'layla@localhost', whatsapp: '966501234567' }, ['email', 'whatsapp'])).toEqual([
      { pointer: '/recipient/email', message: expect.stringMatching(/email address/) },
      { pointer: '/recipient/whatsapp', message: expect.stringMatching(/E\.164/) },
    ]);
    // A WhatsApp message with no WhatsApp number goes to the phone, which must then be one.
    expect(dispatchAddressErrors({ ...recipient, phone: '+1555' }, ['whatsapp'])).toEqual([{ pointer: '/recipient/phone', message: expect.stringMatching(/WhatsApp/) }]);
  });

  it('holds only the channels being dispatched to it', () => {
    expect(dispatchAddressErrors({ ...recipient, email: 'not-an-address' }, ['sms'])).toEqual([]);
  });
});
