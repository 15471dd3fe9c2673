import { describe, expect, it } from 'vitest';
import {
  customerTimeZone,
  phoneCountry,
  phoneTimeZone,
  principalTimeZone,
  singleTimeZone,
} from '../../../shared/domain/customer-time-zone';

function offsets(timeZone: string): string[] {
  const format = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' });
  return Array.from(
    { length: 12 },
    (_, month) =>
      format
        .formatToParts(new Date(Date.UTC(2026, month, 15, 12)))
        .find((part) => part.type === 'timeZoneName')?.value,
  ).map(String);
}

describe('phoneTimeZone', () => {
  it.each([
    ['+8613912345678', 'Asia/Shanghai'],
    ['+85291234567', 'Asia/Hong_Kong'],
    ['+886912345678', 'Asia/Taipei'],
    ['+819012345678', 'Asia/Tokyo'],
    ['+821012345678', 'Asia/Seoul'],
    ['+6591234567', 'Asia/Singapore'],
    ['+60123456789', 'Asia/Kuala_Lumpur'],
    ['+66812345678', 'Asia/Bangkok'],
    ['+84912345678', 'Asia/Ho_Chi_Minh'],
    ['+639171234567', 'Asia/Manila'],
    ['+919812345678', 'Asia/Kolkata'],
    ['+447700900123', 'Europe/London'],
    ['+33612345678', 'Europe/Paris'],
    ['+4915112345678', 'Europe/Berlin'],
    ['+34612345678', 'Europe/Madrid'],
    ['+31612345678', 'Europe/Amsterdam'],
    ['+972544401243', 'Asia/Jerusalem'],
    ['+971501234567', 'Asia/Dubai'],
    ['+2348031234567', 'Africa/Lagos'],
    ['+64211234567', 'Pacific/Auckland'],
    ['+5491123456789', 'America/Argentina/Buenos_Aires'],
    ['+56912345678', 'America/Santiago'],
    ['+77011234567', 'Asia/Almaty'],
  ])('places %s in %s', (phone, zone) => {
    // Act and Assess
    expect(phoneTimeZone(phone)).toBe(zone);
  });

  it.each([
    ['+14155550123', 'US'],
    ['+16135550123', 'CA'],
    ['+79161234567', 'RU'],
    ['+61412345678', 'AU'],
    ['+5511912345678', 'BR'],
    ['+525512345678', 'MX'],
    ['+6281234567890', 'ID'],
  ])('gives no zone for %s: %s keeps several times', (phone, country) => {
    // Act and Assess
    expect(phoneCountry(phone)).toBe(country);
    expect(phoneTimeZone(phone)).toBeUndefined();
  });

  it('gives no zone for what is not a phone number', () => {
    // Act and Assess
    expect(phoneTimeZone('US.13491208655302741918')).toBeUndefined();
    expect(phoneTimeZone('+0')).toBeUndefined();
  });
});

describe('the zone tables', () => {
  it('name only zones the runtime knows', () => {
    // Act and Assess
    for (const zone of [...Object.values(singleTimeZone), ...Object.values(principalTimeZone)])
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
  });

  it('keep the multi-zone countries out', () => {
    // Act and Assess
    for (const country of ['US', 'CA', 'RU', 'AU', 'BR', 'MX', 'ID', 'CD', 'MN'])
      expect(singleTimeZone[country] ?? principalTimeZone[country]).toBeUndefined();
  });

  it('put the countries merged from several zone.tab rows in zones with the same offsets all year', () => {
    // Act and Assess: the other rows of each, per zone.tab.
    const others: Record<string, string[]> = {
      AR: ['America/Argentina/Cordoba', 'America/Argentina/Ushuaia'],
      DE: ['Europe/Busingen'],
      KZ: ['Asia/Qyzylorda', 'Asia/Oral', 'Asia/Aqtau'],
      MY: ['Asia/Kuching'],
      UZ: ['Asia/Tashkent'],
    };
    for (const [country, zones] of Object.entries(others))
      for (const zone of zones) expect(offsets(zone)).toEqual(offsets(singleTimeZone[country] ?? ''));
  });
});

describe('customerTimeZone', () => {
  it('reads the first phone identity, else a WhatsApp id that is a number', () => {
    // Act and Assess
    expect(customerTimeZone({ identities: [{ kind: 'phone', value: '+819012345678' }] })).toBe('Asia/Tokyo');
    expect(customerTimeZone({ identities: [{ kind: 'whatsapp', value: '447700900123' }] })).toBe(
      'Europe/London',
    );
    expect(
      customerTimeZone({ identities: [{ kind: 'whatsapp', value: 'US.13491208655302741918' }] }),
    ).toBeUndefined();
    expect(customerTimeZone({ identities: [{ kind: 'email', value: 'ada@example.com' }] })).toBeUndefined();
  });

  it('lets one number decide: an American first phone is not placed by a British second one', () => {
    // Act
    const zone = customerTimeZone({
      identities: [
        { kind: 'phone', value: '+14155550123' },
        { kind: 'phone', value: '+447700900123' },
      ],
    });

    // Assess
    expect(zone).toBeUndefined();
  });
});
