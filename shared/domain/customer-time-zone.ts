import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { phoneMetadata } from '../config/phone-metadata';
import type { Customer } from './customer';

/**
 * The time zone of every country that keeps one time, by ISO 3166 code.
 *
 * Generated from the IANA tz database's `zone.tab` (github.com/eggert/tz, commit b9bc7a87, July
 * 2026): every country with a single row, and the countries whose several rows keep the same
 * offsets today and differ only in their history (AR, CY, DE, KZ, MH, MY, PS, UZ; checked against
 * Node's time-zone data, 2025c, on 48 days of 2026 — KZ has kept UTC+5 everywhere since March
 * 2024), under the row `zone.tab` lists first. `zone.tab` is used rather than `zone1970.tab`
 * because it keeps one row per country under the country's own zone name (`NL` is
 * Europe/Amsterdam there; `zone1970.tab` folds it into Europe/Brussels). Countries whose regions
 * keep different times (US, CA, MX, BR, RU, AU, ID, CD, MN, …) are not here: see
 * {@link principalTimeZone}.
 *
 * @example
 * singleTimeZone.JP; // 'Asia/Tokyo'
 */
export const singleTimeZone: Readonly<Record<string, string>> = {
  AD: 'Europe/Andorra',
  AE: 'Asia/Dubai',
  AF: 'Asia/Kabul',
  AG: 'America/Antigua',
  AI: 'America/Anguilla',
  AL: 'Europe/Tirane',
  AM: 'Asia/Yerevan',
  AO: 'Africa/Luanda',
  AR: 'America/Argentina/Buenos_Aires',
  AS: 'Pacific/Pago_Pago',
  AT: 'Europe/Vienna',
  AW: 'America/Aruba',
  AX: 'Europe/Mariehamn',
  AZ: 'Asia/Baku',
  BA: 'Europe/Sarajevo',
  BB: 'America/Barbados',
  BD: 'Asia/Dhaka',
  BE: 'Europe/Brussels',
  BF: 'Africa/Ouagadougou',
  BG: 'Europe/Sofia',
  BH: 'Asia/Bahrain',
  BI: 'Africa/Bujumbura',
  BJ: 'Africa/Porto-Novo',
  BL: 'America/St_Barthelemy',
  BM: 'Atlantic/Bermuda',
  BN: 'Asia/Brunei',
  BO: 'America/La_Paz',
  BQ: 'America/Kralendijk',
  BS: 'America/Nassau',
  BT: 'Asia/Thimphu',
  BW: 'Africa/Gaborone',
  BY: 'Europe/Minsk',
  BZ: 'America/Belize',
  CC: 'Indian/Cocos',
  CF: 'Africa/Bangui',
  CG: 'Africa/Brazzaville',
  CH: 'Europe/Zurich',
  CI: 'Africa/Abidjan',
  CK: 'Pacific/Rarotonga',
  CM: 'Africa/Douala',
  CO: 'America/Bogota',
  CR: 'America/Costa_Rica',
  CU: 'America/Havana',
  CV: 'Atlantic/Cape_Verde',
  CW: 'America/Curacao',
  CX: 'Indian/Christmas',
  CY: 'Asia/Nicosia',
  CZ: 'Europe/Prague',
  DE: 'Europe/Berlin',
  DJ: 'Africa/Djibouti',
  DK: 'Europe/Copenhagen',
  DM: 'America/Dominica',
  DO: 'America/Santo_Domingo',
  DZ: 'Africa/Algiers',
  EE: 'Europe/Tallinn',
  EG: 'Africa/Cairo',
  EH: 'Africa/El_Aaiun',
  ER: 'Africa/Asmara',
  ET: 'Africa/Addis_Ababa',
  FI: 'Europe/Helsinki',
  FJ: 'Pacific/Fiji',
  FK: 'Atlantic/Stanley',
  FO: 'Atlantic/Faroe',
  FR: 'Europe/Paris',
  GA: 'Africa/Libreville',
  GB: 'Europe/London',
  GD: 'America/Grenada',
  GE: 'Asia/Tbilisi',
  GF: 'America/Cayenne',
  GG: 'Europe/Guernsey',
  GH: 'Africa/Accra',
  GI: 'Europe/Gibraltar',
  GM: 'Africa/Banjul',
  GN: 'Africa/Conakry',
  GP: 'America/Guadeloupe',
  GQ: 'Africa/Malabo',
  GR: 'Europe/Athens',
  GS: 'Atlantic/South_Georgia',
  GT: 'America/Guatemala',
  GU: 'Pacific/Guam',
  GW: 'Africa/Bissau',
  GY: 'America/Guyana',
  HK: 'Asia/Hong_Kong',
  HN: 'America/Tegucigalpa',
  HR: 'Europe/Zagreb',
  HT: 'America/Port-au-Prince',
  HU: 'Europe/Budapest',
  IE: 'Europe/Dublin',
  IL: 'Asia/Jerusalem',
  IM: 'Europe/Isle_of_Man',
  IN: 'Asia/Kolkata',
  IO: 'Indian/Chagos',
  IQ: 'Asia/Baghdad',
  IR: 'Asia/Tehran',
  IS: 'Atlantic/Reykjavik',
  IT: 'Europe/Rome',
  JE: 'Europe/Jersey',
  JM: 'America/Jamaica',
  JO: 'Asia/Amman',
  JP: 'Asia/Tokyo',
  KE: 'Africa/Nairobi',
  KG: 'Asia/Bishkek',
  KH: 'Asia/Phnom_Penh',
  KM: 'Indian/Comoro',
  KN: 'America/St_Kitts',
  KP: 'Asia/Pyongyang',
  KR: 'Asia/Seoul',
  KW: 'Asia/Kuwait',
  KY: 'America/Cayman',
  KZ: 'Asia/Almaty',
  LA: 'Asia/Vientiane',
  LB: 'Asia/Beirut',
  LC: 'America/St_Lucia',
  LI: 'Europe/Vaduz',
  LK: 'Asia/Colombo',
  LR: 'Africa/Monrovia',
  LS: 'Africa/Maseru',
  LT: 'Europe/Vilnius',
  LU: 'Europe/Luxembourg',
  LV: 'Europe/Riga',
  LY: 'Africa/Tripoli',
  MA: 'Africa/Casablanca',
  MC: 'Europe/Monaco',
  MD: 'Europe/Chisinau',
  ME: 'Europe/Podgorica',
  MF: 'America/Marigot',
  MG: 'Indian/Antananarivo',
  MH: 'Pacific/Majuro',
  MK: 'Europe/Skopje',
  ML: 'Africa/Bamako',
  MM: 'Asia/Yangon',
  MO: 'Asia/Macau',
  MP: 'Pacific/Saipan',
  MQ: 'America/Martinique',
  MR: 'Africa/Nouakchott',
  MS: 'America/Montserrat',
  MT: 'Europe/Malta',
  MU: 'Indian/Mauritius',
  MV: 'Indian/Maldives',
  MW: 'Africa/Blantyre',
  MY: 'Asia/Kuala_Lumpur',
  MZ: 'Africa/Maputo',
  NA: 'Africa/Windhoek',
  NC: 'Pacific/Noumea',
  NE: 'Africa/Niamey',
  NF: 'Pacific/Norfolk',
  NG: 'Africa/Lagos',
  NI: 'America/Managua',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  NP: 'Asia/Kathmandu',
  NR: 'Pacific/Nauru',
  NU: 'Pacific/Niue',
  OM: 'Asia/Muscat',
  PA: 'America/Panama',
  PE: 'America/Lima',
  PH: 'Asia/Manila',
  PK: 'Asia/Karachi',
  PL: 'Europe/Warsaw',
  PM: 'America/Miquelon',
  PN: 'Pacific/Pitcairn',
  PR: 'America/Puerto_Rico',
  PS: 'Asia/Gaza',
  PW: 'Pacific/Palau',
  PY: 'America/Asuncion',
  QA: 'Asia/Qatar',
  RE: 'Indian/Reunion',
  RO: 'Europe/Bucharest',
  RS: 'Europe/Belgrade',
  RW: 'Africa/Kigali',
  SA: 'Asia/Riyadh',
  SB: 'Pacific/Guadalcanal',
  SC: 'Indian/Mahe',
  SD: 'Africa/Khartoum',
  SE: 'Europe/Stockholm',
  SG: 'Asia/Singapore',
  SH: 'Atlantic/St_Helena',
  SI: 'Europe/Ljubljana',
  SJ: 'Arctic/Longyearbyen',
  SK: 'Europe/Bratislava',
  SL: 'Africa/Freetown',
  SM: 'Europe/San_Marino',
  SN: 'Africa/Dakar',
  SO: 'Africa/Mogadishu',
  SR: 'America/Paramaribo',
  SS: 'Africa/Juba',
  ST: 'Africa/Sao_Tome',
  SV: 'America/El_Salvador',
  SX: 'America/Lower_Princes',
  SY: 'Asia/Damascus',
  SZ: 'Africa/Mbabane',
  TC: 'America/Grand_Turk',
  TD: 'Africa/Ndjamena',
  TF: 'Indian/Kerguelen',
  TG: 'Africa/Lome',
  TH: 'Asia/Bangkok',
  TJ: 'Asia/Dushanbe',
  TK: 'Pacific/Fakaofo',
  TL: 'Asia/Dili',
  TM: 'Asia/Ashgabat',
  TN: 'Africa/Tunis',
  TO: 'Pacific/Tongatapu',
  TR: 'Europe/Istanbul',
  TT: 'America/Port_of_Spain',
  TV: 'Pacific/Funafuti',
  TW: 'Asia/Taipei',
  TZ: 'Africa/Dar_es_Salaam',
  UG: 'Africa/Kampala',
  UY: 'America/Montevideo',
  UZ: 'Asia/Samarkand',
  VA: 'Europe/Vatican',
  VC: 'America/St_Vincent',
  VE: 'America/Caracas',
  VG: 'America/Tortola',
  VI: 'America/St_Thomas',
  VN: 'Asia/Ho_Chi_Minh',
  VU: 'Pacific/Efate',
  WF: 'Pacific/Wallis',
  WS: 'Pacific/Apia',
  YE: 'Asia/Aden',
  YT: 'Indian/Mayotte',
  ZA: 'Africa/Johannesburg',
  ZM: 'Africa/Lusaka',
  ZW: 'Africa/Harare',
  // Not in zone.tab, but libphonenumber gives them as a number's country: Ascension and Tristan da
  // Cunha keep St Helena's time (UTC), Kosovo Central European Time.
  AC: 'Atlantic/St_Helena',
  TA: 'Atlantic/St_Helena',
  XK: 'Europe/Belgrade',
};

/**
 * Countries with more than one time, where one zone holds nearly everyone: a phone number from
 * them is taken to be in that zone. Each is a judgement, written down with its reason; a member
 * in the minority region gets their quiet hours an hour or two off, never a message in the
 * middle of a night that the whole country keeps.
 *
 * @example
 * principalTimeZone.CN; // 'Asia/Shanghai'
 */
export const principalTimeZone: Readonly<Record<string, string>> = {
  // Beijing Time is China's only official time; `Asia/Urumqi` is Xinjiang's unofficial local time.
  CN: 'Asia/Shanghai',
  // The Canary Islands (about 2.2 of 48 million people) are an hour behind the mainland.
  ES: 'Europe/Madrid',
  // The Azores (about 240,000 of 10 million) are an hour behind; Madeira keeps Lisbon's time.
  PT: 'Europe/Lisbon',
  // Magallanes and Aysén (about 280,000 of 19 million) keep summer time all year; Easter Island
  // (about 8,000) is two hours behind.
  CL: 'America/Santiago',
  // The Galápagos (about 30,000 of 18 million) are an hour behind.
  EC: 'America/Guayaquil',
  // The Chatham Islands (about 800 people) are 45 minutes ahead.
  NZ: 'Pacific/Auckland',
  // "Most of Ukraine" in zone.tab; Crimea is an hour ahead in winter.
  UA: 'Europe/Kyiv',
  // "Most of Greenland"; the other zones hold a few hundred people each.
  GL: 'America/Nuuk',
  // Bougainville (about 300,000 of 10 million) is an hour ahead.
  PG: 'Pacific/Port_Moresby',
};

/**
 * The country of a phone number in E.164 (`+8613912345678` → `CN`), as libphonenumber reads it
 * (the NANP area code tells the US from Canada and the Caribbean; `+7 7…` is Kazakhstan). A number
 * libphonenumber cannot place in a region (a new range, or one it calls invalid, as messaging
 * networks do deliver from) is taken to be in the main country of its calling code (`+44` → GB).
 *
 * @example
 * phoneCountry('+442079460958'); // 'GB'
 */
export function phoneCountry(e164: string): string | undefined {
  const metadata = phoneMetadata();
  const phone = parsePhoneNumberFromString(e164, {}, metadata);
  if (!phone) return undefined;
  return phone.country ?? metadata.country_calling_codes[phone.countryCallingCode]?.[0];
}

/**
 * The time zone of a phone number's country when the country keeps one time (or one zone holds
 * nearly everyone); `undefined` for countries with several (US, CA, MX, BR, RU, AU, ID…) and for
 * what is not a phone number.
 *
 * @example
 * phoneTimeZone('+819012345678'); // 'Asia/Tokyo'
 * phoneTimeZone('+14155550123'); // undefined (the United States keeps six times)
 */
export function phoneTimeZone(e164: string): string | undefined {
  const country = phoneCountry(e164);
  if (!country) return undefined;
  return singleTimeZone[country] ?? principalTimeZone[country];
}

/**
 * The phone number a customer's time zone is read from: the one a message goes to when it goes
 * to a phone (`preferred`), else the customer's first phone identity, else their first WhatsApp
 * id that is a number (a WhatsApp id is the number without `+`; a username's BSUID is not).
 *
 * @example
 * customerPhone({ identities: [{ kind: 'whatsapp', value: '819012345678' }] }); // '+819012345678'
 */
export function customerPhone(
  customer: Pick<Customer, 'identities'>,
  preferred?: string,
): string | undefined {
  if (preferred?.startsWith('+')) return preferred;
  const phone = customer.identities.find((identity) => identity.kind === 'phone')?.value;
  if (phone) return phone;
  const whatsapp = customer.identities.find(
    (identity) => identity.kind === 'whatsapp' && /^\d{6,15}$/.test(identity.value),
  );
  return whatsapp ? `+${whatsapp.value}` : undefined;
}

/**
 * The customer's time zone as far as their phone tells it (see {@link customerPhone} and
 * {@link phoneTimeZone}); `undefined` when it does not, and the caller falls back to the
 * campaign's time zone, then UTC. One number decides: a customer whose first phone is American
 * is not placed in London because a second one is British.
 *
 * @example
 * customerTimeZone({ identities: [{ kind: 'phone', value: '+8613912345678' }] }); // 'Asia/Shanghai'
 */
export function customerTimeZone(
  customer: Pick<Customer, 'identities'>,
  preferredPhone?: string,
): string | undefined {
  const phone = customerPhone(customer, preferredPhone);
  return phone ? phoneTimeZone(phone) : undefined;
}
