import type { SampleDataSet } from './sample-data-set';

/**
 * The shared sample billing documents, one data set each, for the built-in kinds.
 * They are what integrators send, so every version of a built-in kind is linted
 * and previewed against them.
 */
export const FIXTURE_SAMPLES: readonly SampleDataSet[] = [
  {
    "name": "invoice-ar-kw",
    "kind": "invoice",
    "locale": "ar-KW",
    "recipient": {
      "customerId": "C-20077",
      "name": "عبدالله الصباح",
      "email": "abdullah@example.com.kw",
      "phone": "+96550012345",
      "whatsapp": "+96550012345",
      "consents": {
        "marketing": true
      },
      "channels": [
        "whatsapp",
        "sms"
      ]
    },
    "data": {
      "account": {
        "number": "KW-778-300",
        "plan": "جوال بلس",
        "segment": "residential"
      },
      "invoice": {
        "number": "INV-2026-KW-0045",
        "issueDate": "2026-11-01",
        "dueDate": "2026-11-20",
        "period": {
          "from": "2026-11-01",
          "to": "2026-11-30"
        },
        "currency": "KWD",
        "lines": [
          {
            "description": "اشتراك الجوال — نوفمبر",
            "quantity": "1",
            "unitPrice": "12.500",
            "amount": "12.500"
          },
          {
            "description": "بيانات إضافية 10 جيجابايت",
            "quantity": "2",
            "unitPrice": "3.250",
            "amount": "6.500"
          },
          {
            "description": "مكالمات التجوال",
            "quantity": "14",
            "unitPrice": "0.125",
            "amount": "1.750"
          }
        ],
        "subtotal": "20.750",
        "taxRate": "0",
        "tax": "0.000",
        "total": "20.750",
        "amountDue": "20.750"
      }
    }
  },
  {
    "name": "invoice-ar-sa",
    "kind": "invoice",
    "locale": "ar-SA",
    "recipient": {
      "customerId": "C-10023",
      "name": "ليلى الحربي",
      "email": "layla.alharbi@example.com",
      "phone": "+966501234567",
      "whatsapp": "+966501234567",
      "consents": {
        "marketing": false
      },
      "channels": [
        "whatsapp",
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "ACC-555-019",
        "plan": "الألياف 500",
        "segment": "residential"
      },
      "invoice": {
        "number": "INV-2026-000123",
        "issueDate": "2026-11-01",
        "dueDate": "2026-11-15",
        "period": {
          "from": "2026-11-01",
          "to": "2026-11-30"
        },
        "currency": "SAR",
        "lines": [
          {
            "description": "باقة الألياف 500 — نوفمبر",
            "quantity": "1",
            "unitPrice": "199.00",
            "amount": "199.00"
          },
          {
            "description": "خدمة التلفاز",
            "quantity": "1",
            "unitPrice": "45.00",
            "amount": "45.00"
          },
          {
            "description": "مكالمات دولية (18 دقيقة)",
            "quantity": "18",
            "unitPrice": "0.80",
            "amount": "14.40"
          }
        ],
        "subtotal": "258.40",
        "taxRate": "0.15",
        "tax": "38.76",
        "total": "297.16",
        "amountDue": "297.16"
      }
    }
  },
  {
    "name": "invoice-en-jpy",
    "kind": "invoice",
    "locale": "en-US",
    "recipient": {
      "customerId": "C-40001",
      "name": "Aiko Tanaka",
      "email": "aiko.tanaka@example.jp",
      "phone": "+819012345678",
      "consents": {
        "marketing": false
      },
      "channels": [
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "JP-001-777",
        "plan": "Hikari 1G",
        "segment": "residential"
      },
      "invoice": {
        "number": "INV-2026-JP-0007",
        "issueDate": "2026-11-01",
        "dueDate": "2026-11-30",
        "period": {
          "from": "2026-11-01",
          "to": "2026-11-30"
        },
        "currency": "JPY",
        "lines": [
          {
            "description": "Hikari 1G — November",
            "quantity": "1",
            "unitPrice": "5980",
            "amount": "5980"
          },
          {
            "description": "Wi-Fi router",
            "quantity": "1",
            "unitPrice": "550",
            "amount": "550"
          }
        ],
        "subtotal": "6530",
        "taxRate": "0.10",
        "tax": "653",
        "total": "7183",
        "amountDue": "7183"
      }
    }
  },
  {
    "name": "invoice-en-us",
    "kind": "invoice",
    "locale": "en-US",
    "recipient": {
      "customerId": "C-10001",
      "name": "Jordan Miller",
      "email": "jordan.miller@example.com",
      "phone": "+12125550143",
      "consents": {
        "marketing": true
      },
      "channels": [
        "email",
        "sms"
      ]
    },
    "data": {
      "account": {
        "number": "ACC-100-001",
        "plan": "Fiber 500",
        "segment": "residential"
      },
      "invoice": {
        "number": "INV-2026-000122",
        "issueDate": "2026-11-01",
        "dueDate": "2026-11-15",
        "period": {
          "from": "2026-11-01",
          "to": "2026-11-30"
        },
        "currency": "USD",
        "lines": [
          {
            "description": "Fiber 500 — November 2026",
            "quantity": "1",
            "unitPrice": "59.99",
            "amount": "59.99"
          },
          {
            "description": "Static IP address",
            "quantity": "1",
            "unitPrice": "5.00",
            "amount": "5.00"
          },
          {
            "description": "Router rental",
            "quantity": "1",
            "unitPrice": "7.50",
            "amount": "7.50"
          },
          {
            "description": "International calls (32 min)",
            "quantity": "32",
            "unitPrice": "0.12",
            "amount": "3.84"
          }
        ],
        "subtotal": "76.33",
        "taxRate": "0.08875",
        "tax": "6.77",
        "total": "83.10",
        "amountDue": "83.10"
      }
    }
  },
  {
    "name": "invoice-zh-cn",
    "kind": "invoice",
    "locale": "zh-CN",
    "recipient": {
      "customerId": "C-30310",
      "name": "王小明",
      "email": "wang.xiaoming@example.cn",
      "phone": "+8613800138000",
      "consents": {
        "marketing": true
      },
      "channels": [
        "sms",
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "CN-0931-2210",
        "plan": "宽带 500M",
        "segment": "residential"
      },
      "invoice": {
        "number": "INV-2026-CN-8831",
        "issueDate": "2026-11-01",
        "dueDate": "2026-11-25",
        "period": {
          "from": "2026-11-01",
          "to": "2026-11-30"
        },
        "currency": "CNY",
        "lines": [
          {
            "description": "宽带 500M 月费（11月）",
            "quantity": "1",
            "unitPrice": "199.00",
            "amount": "199.00"
          },
          {
            "description": "IPTV 增值服务",
            "quantity": "1",
            "unitPrice": "30.00",
            "amount": "30.00"
          },
          {
            "description": "国际长途（25 分钟）",
            "quantity": "25",
            "unitPrice": "0.60",
            "amount": "15.00"
          }
        ],
        "subtotal": "244.00",
        "taxRate": "0.06",
        "tax": "14.64",
        "total": "258.64",
        "amountDue": "258.64"
      }
    }
  },
  {
    "name": "payment-confirmation-ar-eg",
    "kind": "payment-confirmation",
    "locale": "ar-EG",
    "recipient": {
      "customerId": "C-50110",
      "name": "محمد عبد الرحمن",
      "email": "m.abdelrahman@example.com.eg",
      "phone": "+201001234567",
      "whatsapp": "+201001234567",
      "consents": {
        "marketing": true
      },
      "channels": [
        "whatsapp",
        "sms"
      ]
    },
    "data": {
      "account": {
        "number": "EG-220-114",
        "plan": "فايبر 100",
        "segment": "residential"
      },
      "payment": {
        "reference": "PAY-7781203",
        "invoiceNumber": "INV-2026-004410",
        "amount": "850.00",
        "currency": "EGP",
        "method": "card",
        "cardLast4": "4242",
        "paidAt": "2026-11-10T14:32:00+02:00",
        "balanceAfter": "0.00"
      }
    }
  },
  {
    "name": "payment-confirmation-en-us",
    "kind": "payment-confirmation",
    "locale": "en-US",
    "recipient": {
      "customerId": "C-10001",
      "name": "Jordan Miller",
      "email": "jordan.miller@example.com",
      "phone": "+12125550143",
      "consents": {
        "marketing": true
      },
      "channels": [
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "ACC-100-001",
        "plan": "Fiber 500",
        "segment": "residential"
      },
      "payment": {
        "reference": "PAY-1000552",
        "invoiceNumber": "INV-2026-000122",
        "amount": "83.10",
        "currency": "USD",
        "method": "bank-transfer",
        "paidAt": "2026-11-12T09:05:00-05:00",
        "balanceAfter": "0.00"
      }
    }
  },
  {
    "name": "service-update-ar-sa",
    "kind": "service-update",
    "locale": "ar-SA",
    "recipient": {
      "customerId": "C-10023",
      "name": "ليلى الحربي",
      "email": "layla.alharbi@example.com",
      "phone": "+966501234567",
      "whatsapp": "+966501234567",
      "consents": {
        "marketing": false
      },
      "channels": [
        "whatsapp",
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "ACC-555-019",
        "plan": "الألياف 500",
        "segment": "residential"
      },
      "update": {
        "kind": "price-change",
        "title": "تحديث سعر باقتك",
        "summary": "سيتغير السعر الشهري لباقة الألياف 500 اعتبارًا من 1 يناير 2027.",
        "effectiveDate": "2027-01-01",
        "oldPrice": "199.00",
        "newPrice": "219.00",
        "currency": "SAR",
        "affectedServices": [
          "الألياف 500"
        ]
      }
    }
  },
  {
    "name": "service-update-en-us",
    "kind": "service-update",
    "locale": "en-US",
    "recipient": {
      "customerId": "C-10001",
      "name": "Jordan Miller",
      "email": "jordan.miller@example.com",
      "phone": "+12125550143",
      "consents": {
        "marketing": false
      },
      "channels": [
        "sms",
        "email"
      ]
    },
    "data": {
      "account": {
        "number": "ACC-100-001",
        "plan": "Fiber 500",
        "segment": "residential"
      },
      "update": {
        "kind": "maintenance",
        "title": "Planned network maintenance",
        "summary": "We are upgrading fiber equipment in your area to increase capacity.",
        "startsAt": "2026-11-28T06:00:00Z",
        "endsAt": "2026-11-28T09:00:00Z",
        "area": "Brooklyn, NY",
        "affectedServices": [
          "Fiber internet",
          "IPTV"
        ]
      }
    }
  },
  {
    "name": "service-update-zh-cn",
    "kind": "service-update",
    "locale": "zh-CN",
    "recipient": {
      "customerId": "C-30310",
      "name": "王小明",
      "email": "wang.xiaoming@example.cn",
      "phone": "+8613800138000",
      "consents": {
        "marketing": false
      },
      "channels": [
        "sms"
      ]
    },
    "data": {
      "account": {
        "number": "CN-0931-2210",
        "plan": "宽带 500M",
        "segment": "residential"
      },
      "update": {
        "kind": "outage",
        "title": "网络故障已修复",
        "summary": "11月19日浦东新区部分用户宽带中断，现已全部恢复。给您带来不便，敬请谅解。",
        "startsAt": "2026-11-19T02:10:00Z",
        "endsAt": "2026-11-19T05:40:00Z",
        "area": "上海市浦东新区",
        "affectedServices": [
          "宽带"
        ]
      }
    }
  }
];
