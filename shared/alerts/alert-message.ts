import type { Customer } from '../domain/customer';
import { formatMoney, type Money } from '../domain/money';
import { platformName, platformNamesInChinese } from '../domain/platform-names';
import type { CanonicalEvent } from '../events/contracts';

/** The customer as an alert shows it: who they are and what they are worth, nothing more. */
export interface CustomerSummary {
  id: string;
  name?: string;
  emails: string[];
  phones: string[];
  lifecycleStage: string;
  segment?: string;
  orders: number;
  revenue: Money;
  clv?: Money;
  churnRisk?: number;
}

/**
 * What one alert is about, kept on its log item so that an alert held through quiet hours or
 * gathered into a digest is written later exactly as it was decided (public contract: a webhook alert
 * body carries `alertId`, `rule {id,name}`, `event`, `customer` and `text`).
 */
export interface AlertContent {
  alertId: string;
  rule: { id: string; name: string };
  event: CanonicalEvent;
  customer: CustomerSummary;
}

/** An alert written for people: a title, labelled facts, what to do next, and all of it as text. */
export interface AlertMessage {
  title: string;
  facts: Array<{ label: string; value: string }>;
  nextStep: string;
  text: string;
}

export type AlertLocale = 'en' | 'zh';

/**
 * The customer summary an alert carries.
 *
 * @example
 * customerSummary(customer); // { id, name, emails, phones, lifecycleStage, segment, orders, revenue, ... }
 */
export function customerSummary(customer: Customer): CustomerSummary {
  return {
    id: customer.id,
    ...(customer.name ? { name: customer.name } : {}),
    emails: customer.emails.slice(0, 3),
    phones: customer.phones.slice(0, 3),
    lifecycleStage: customer.lifecycleStage,
    ...(customer.scores.segment ? { segment: customer.scores.segment } : {}),
    orders: customer.stats.orders,
    revenue: customer.stats.revenue,
    ...(customer.scores.clv ? { clv: customer.scores.clv } : {}),
    ...(customer.scores.churnRisk !== undefined ? { churnRisk: customer.scores.churnRisk } : {}),
  };
}

const words = {
  en: {
    customer: 'Customer',
    segment: 'Segment',
    stage: 'Stage',
    orders: 'Orders',
    revenue: 'Revenue',
    clv: 'Predicted value',
    churn: 'Churn risk',
    channel: 'Channel',
    order: 'Order',
    message: 'Message',
    complaint: 'complaint',
    next: 'Next',
    unnamed: 'unnamed customer',
    events: {
      'message.received': 'wrote to us',
      'comment.received': 'commented',
      'checkout.started': 'started a checkout',
      'checkout.abandoned': 'abandoned a checkout',
      'order.placed': 'placed an order',
      'order.paid': 'paid an order',
      'order.cancelled': 'cancelled an order',
      'order.refunded': 'was refunded',
      'customer.scored': 'has new scores',
      'customer.created': 'is a new customer',
      'campaign.enrolled': 'is in the campaign’s treatment group',
    } as Record<string, string>,
    nextSteps: {
      'campaign.enrolled':
        'Send them the campaign’s message or offer (the control group gets nothing, to measure the lift).',
      complaint: 'Reply today, personally: an unhappy customer who hears back quickly usually stays.',
      'message.received': 'Reply on the same channel while they are still there.',
      'comment.received': 'Answer the comment in public, then follow up in a direct message.',
      'checkout.abandoned': 'Send a reminder with their cart, or ask what stopped them.',
      'checkout.started': 'Be ready to answer questions about shipping and payment.',
      'order.placed': 'Thank them personally; check the order ships on time.',
      'order.paid': 'Thank them personally; check the order ships on time.',
      'order.cancelled': 'Ask why, and whether something else would suit them.',
      'order.refunded': 'Ask what went wrong, and make it right.',
      'customer.scored': 'Reach out before they drift away: a personal note or an offer that suits them.',
      default: 'Look at the customer in Rapport and decide the next step.',
    } as Record<string, string>,
  },
  zh: {
    customer: '客户',
    segment: '分群',
    stage: '阶段',
    orders: '订单数',
    revenue: '消费金额',
    clv: '预测价值',
    churn: '流失风险',
    channel: '渠道',
    order: '订单',
    message: '消息',
    complaint: '投诉',
    next: '建议',
    unnamed: '未署名客户',
    events: {
      'message.received': '发来消息',
      'comment.received': '发表了评论',
      'checkout.started': '开始结账',
      'checkout.abandoned': '放弃了结账',
      'order.placed': '下了订单',
      'order.paid': '支付了订单',
      'order.cancelled': '取消了订单',
      'order.refunded': '已退款',
      'customer.scored': '评分已更新',
      'customer.created': '是新客户',
      'campaign.enrolled': '进入了活动的实验组',
    } as Record<string, string>,
    nextSteps: {
      'campaign.enrolled': '向其发送活动的信息或优惠(对照组不发送,以衡量提升效果)。',
      complaint: '今天内亲自回复:及时得到回应的不满客户通常会留下。',
      'message.received': '趁客户还在线,在同一渠道回复。',
      'comment.received': '先公开回复评论,再私信跟进。',
      'checkout.abandoned': '发送附带购物车的提醒,或询问是什么让他们停下。',
      'checkout.started': '准备好解答运费和付款方面的问题。',
      'order.placed': '亲自致谢,并确认订单按时发货。',
      'order.paid': '亲自致谢,并确认订单按时发货。',
      'order.cancelled': '询问原因,看看是否有更合适的商品。',
      'order.refunded': '询问问题所在,并妥善解决。',
      'customer.scored': '在客户流失前主动联系:一句问候或一份合适的优惠。',
      default: '在 Rapport 中查看该客户并决定下一步。',
    } as Record<string, string>,
  },
} as const;

/** Where the event came from, as its reader knows the platform (WhatsApp, not the `meta` route). */
function platformText(event: CanonicalEvent, locale: AlertLocale): string {
  const platform = platformName(event);
  if (platform.kind === 'unnamed') return platform.value;
  return locale === 'zh' ? platformNamesInChinese[platform.name] : platform.name;
}

const segmentNames: Record<AlertLocale, Record<string, string>> = {
  en: {},
  zh: {
    champions: '冠军客户',
    loyal: '忠诚客户',
    potential_loyalist: '潜在忠诚客户',
    new_customers: '新客户',
    promising: '有潜力客户',
    need_attention: '需要关注',
    about_to_sleep: '即将沉睡',
    at_risk: '有流失风险',
    cant_lose: '不能失去',
    hibernating: '休眠客户',
    lost: '已流失',
  },
};

/** Money for people, in the locale's own format (`$1,234.50`, `US$1,234.50`). */
function money(value: Money, locale: AlertLocale): string {
  const decimal = Number(formatMoney(value));
  try {
    return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
      style: 'currency',
      currency: value.currency,
    }).format(decimal);
  } catch {
    return `${formatMoney(value)} ${value.currency}`;
  }
}

/**
 * Writes an alert for people in English or Chinese: who, what happened, the figures that matter,
 * and what to do next.
 *
 * @example
 * alertMessage(content, 'zh').title; // 'VIP 来信:Ada Lovelace 发来消息'
 */
export function alertMessage(content: AlertContent, locale: AlertLocale): AlertMessage {
  const w = words[locale];
  const { event, customer } = content;
  const who = customer.name ?? customer.emails[0] ?? customer.phones[0] ?? w.unnamed;
  const happened = w.events[event.type] ?? event.type;
  const separator = locale === 'zh' ? ':' : ': ';
  const title = `${content.rule.name}${separator}${who} ${happened}`;
  const facts: AlertMessage['facts'] = [{ label: w.customer, value: who }];
  if (customer.segment) {
    facts.push({ label: w.segment, value: segmentNames[locale][customer.segment] ?? customer.segment });
  }
  facts.push({ label: w.stage, value: customer.lifecycleStage });
  facts.push({ label: w.orders, value: String(customer.orders) });
  facts.push({ label: w.revenue, value: money(customer.revenue, locale) });
  if (customer.clv) facts.push({ label: w.clv, value: money(customer.clv, locale) });
  if (customer.churnRisk !== undefined) {
    facts.push({ label: w.churn, value: `${Math.round(customer.churnRisk * 100)}%` });
  }
  facts.push({ label: w.channel, value: platformText(event, locale) });
  let complaint = false;
  if ('order' in event && event.order) {
    const name = event.order.name ?? event.order.id;
    facts.push({
      label: w.order,
      value: `${name} · ${money(event.order.total, locale)} · ${event.order.status}`,
    });
  }
  if ('message' in event && event.message) {
    // Replies and status changes carry a message too, without sentiment.
    const message = event.message as { text?: string; complaint?: boolean };
    complaint = message.complaint === true;
    const text = message.text ?? '';
    const shown = text.length > 280 ? `${text.slice(0, 279)}…` : text;
    facts.push({ label: w.message, value: complaint ? `${shown} (${w.complaint})` : shown });
  }
  const nextStep = (complaint ? w.nextSteps.complaint : w.nextSteps[event.type]) ?? w.nextSteps.default ?? '';
  const text = [
    title,
    ...facts.map((fact) => `${fact.label}${separator}${fact.value}`),
    `${w.next}${separator}${nextStep}`,
  ].join('\n');
  return { title, facts, nextStep, text };
}
