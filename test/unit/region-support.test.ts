import { describe, expect, it } from 'vitest';
import {
  assertRegionSupported,
  regionsLacking,
  supportedRegions,
  UnsupportedRegionError,
} from '../../infra/region-support';

describe('assertRegionSupported', () => {
  it('accepts every supported region and an environment-agnostic synth', () => {
    for (const region of [...supportedRegions, undefined])
      expect(() => assertRegionSupported(region, { allowUnlisted: false })).not.toThrow();
  });

  it('refuses a region that lacks a service, naming it, even when unlisted regions are allowed', () => {
    expect(() => assertRegionSupported('eu-south-2', { allowUnlisted: true })).toThrow(
      'Rapport cannot be deployed in eu-south-2: Amazon SES v2 is not available there.',
    );
    expect(() => assertRegionSupported('cn-north-1', { allowUnlisted: false })).toThrow(
      UnsupportedRegionError,
    );
  });

  it('refuses a region it does not know unless the operator allows it', () => {
    expect(() => assertRegionSupported('xx-new-1', { allowUnlisted: false })).toThrow(
      /has not been checked in xx-new-1.*-c allowUnlistedRegion=true/,
    );
    expect(() => assertRegionSupported('xx-new-1', { allowUnlisted: true })).not.toThrow();
  });

  it('never lists a region as both supported and lacking', () => {
    expect(supportedRegions.filter((region) => region in regionsLacking)).toEqual([]);
  });
});
