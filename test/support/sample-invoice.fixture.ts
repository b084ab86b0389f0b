/**
 * A representative invoice email for tests: layout tokens, expressions in text,
 * tables, attributes and raw blocks, a list, and an optional section.
 */
export const SAMPLE_INVOICE_MJML = `<mjml lang="[[lang]]" dir="[[dir]]">
  <mj-head>
    <mj-title>{{t "email.title" number=invoice.number}}</mj-title>
    <mj-preview>{{t "email.preview" amount=(money invoice.amountDue invoice.currency)}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Arial, sans-serif" />
      <mj-text font-size="14px" line-height="20px" color="#1f2933" />
    </mj-attributes>
    <mj-style inline="inline">.total td { font-weight: bold; }</mj-style>
  </mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section direction="[[dir]]" background-color="#ffffff">
      <mj-column direction="[[dir]]">
        <mj-text align="[[align]]" font-size="20px">{{t "email.greeting" name=recipient.name}}</mj-text>
        <mj-text align="[[align]]">{{t "email.intro" number=(bdi invoice.number) date=(date invoice.dueDate)}}</mj-text>
        <mj-table align="[[align]]" css-class="lines">
          <tr><th style="text-align:[[align]]">{{t "email.item"}}</th><th style="text-align:[[alignEnd]]">{{t "email.amount"}}</th></tr>
          {{#each invoice.lines}}
          <tr><td style="text-align:[[align]]">{{description}} × {{number quantity}}</td><td style="text-align:[[alignEnd]]">{{money amount ../invoice.currency}}</td></tr>
          {{/each}}
          <tr class="total"><td style="text-align:[[align]]">{{t "email.total"}}</td><td style="text-align:[[alignEnd]]">{{money invoice.total invoice.currency}}</td></tr>
        </mj-table>
        <mj-button href="{{actions.payUrl}}" align="[[align]]" background-color="#0b6e4f">{{t "email.pay"}}</mj-button>
        <mj-text align="[[align]]"><a href="{{actions.askUrl}}">{{t "email.ask"}}</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{#if invoice.note}}</mj-raw>
    <mj-section direction="[[dir]]">
      <mj-column direction="[[dir]]">
        <mj-text align="[[align]]" color="#52606d">{{invoice.note}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{/if}}</mj-raw>
    <mj-raw>{{#each invoice.notices}}</mj-raw>
    <mj-section direction="[[dir]]">
      <mj-column direction="[[dir]]">
        <mj-text align="[[align]]">{{@index}}. {{this}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{/each}}</mj-raw>
    <mj-section direction="[[dir]]">
      <mj-column direction="[[dir]]">
        <mj-raw><p style="font-size:12px;text-align:[[align]]">{{t "email.footer" customer=recipient.customerId}}</p></mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export const SAMPLE_INVOICE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: {
    'email.title': 'Invoice {number}',
    'email.preview': '{amount} due',
    'email.greeting': 'Hello {name},',
    'email.intro': 'Your invoice {number} is due on {date}.',
    'email.item': 'Item',
    'email.amount': 'Amount',
    'email.total': 'Total',
    'email.pay': 'Pay now',
    'email.ask': 'Ask a question',
    'email.footer': 'Customer {customer} · ACME Telecom, Riyadh',
  },
  ar: {
    'email.title': 'فاتورة {number}',
    'email.preview': 'المبلغ المستحق {amount}',
    'email.greeting': 'مرحبًا {name}،',
    'email.intro': 'فاتورتك {number} مستحقة في {date}.',
    'email.item': 'البند',
    'email.amount': 'المبلغ',
    'email.total': 'الإجمالي',
    'email.pay': 'ادفع الآن',
    'email.ask': 'اطرح سؤالًا',
    'email.footer': 'العميل {customer} · أكمي للاتصالات، الرياض',
  },
};

export const SAMPLE_INVOICE_DATA = {
  invoice: {
    number: 'INV-2026-000123',
    dueDate: '2026-11-15',
    currency: 'KWD',
    lines: [
      { description: 'Fiber 500 — November', quantity: '1', amount: '19.900' },
      { description: 'Router <rental> & "support"', quantity: '2', amount: '2.500' },
    ],
    total: '22.400',
    amountDue: '22.400',
    note: 'Maintenance on 20 Nov, 02:00–04:00',
    notices: ['New price plan from January', 'Router firmware update'],
  },
};
