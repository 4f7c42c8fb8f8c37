import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const IP = AWS_DOCS.operator('eb-filtering-ip-matching');
const EXACT_IP = EVENT_RULER.test('MachineTest.testIpExactMatch');
const withIp = (sourceIPAddress: unknown) => busEvent({ sourceIPAddress });
const cidr = (block: string) => ({ detail: { sourceIPAddress: [{ cidr: block }] } });
const exact = (...values: unknown[]) => ({ detail: { sourceIPAddress: values } });

describe('cidr and IP addresses', () => {
  conformance([
    match('the last address of a /24', AWS_VERIFIED('content_ip_address.json5'), cidr('10.0.0.0/24'), withIp('10.0.0.255')),
    noMatch('the first address after a /24', IP, cidr('10.0.0.0/24'), withIp('10.0.1.0')),
    noMatch('a string that is not an address (octet 256)', AWS_VERIFIED('content_ip_address_NEG.json5'), cidr('10.0.0.0/24'), withIp('10.0.0.256')),
    noMatch('a number', AWS_VERIFIED('content_ip_address_bad_type_NEG.json5'), cidr('10.0.0.0/24'), withIp(123)),
    noMatch('a host name', IP, cidr('10.0.0.0/24'), withIp('example.com')),
    noMatch('null', IP, cidr('10.0.0.0/24'), withIp(null)),
    noMatch('a missing field', IP, cidr('10.0.0.0/24'), busEvent({})),
    match('the README sample 10.0.0.33 in 10.0.0.0/24', EVENT_RULER.readme('IP Address Matching'), cidr('10.0.0.0/24'), withIp('10.0.0.33')),
    match('the top of a /8', IP, cidr('10.0.0.0/8'), withIp('10.255.255.255')),
    match(
      'an address of a block given by any of its addresses',
      EVENT_RULER.test('CIDRTest.TestCorrectRanges'),
      cidr('54.240.196.171/24'),
      withIp('54.240.196.0'),
    ),
    match(
      'the lower address of a /31',
      EVENT_RULER.test('MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange'),
      cidr('220.160.153.171/31'),
      withIp('220.160.153.170'),
    ),
    match(
      'the upper address of a /31',
      EVENT_RULER.test('MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange'),
      cidr('220.160.153.171/31'),
      withIp('220.160.153.171'),
    ),
    noMatch(
      'the address below a /31',
      EVENT_RULER.test('MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange'),
      cidr('220.160.153.171/31'),
      withIp('220.160.153.169'),
    ),
    noMatch(
      'the address above a /31',
      EVENT_RULER.test('MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange'),
      cidr('220.160.153.171/31'),
      withIp('220.160.153.172'),
    ),
    match('any IPv4 address with /0', IP, cidr('0.0.0.0/0'), withIp('203.0.113.9')),
    match('the top of a /15', EVENT_RULER.test('CIDRTest.TestCorrectRanges'), cidr('13.32.0.0/15'), withIp('13.33.255.255')),
    noMatch('the address after a /15', EVENT_RULER.test('CIDRTest.TestCorrectRanges'), cidr('13.32.0.0/15'), withIp('13.34.0.0')),
    noMatch('an IPv6 address against an IPv4 block', IP, cidr('0.0.0.0/0'), withIp('2001:db8::1')),
    match(
      'a full-form IPv6 address in a /64',
      AWS_VERIFIED('content_ip_address_v6.json5'),
      cidr('2001:db8:1234:1a00::/64'),
      withIp('2001:0db8:1234:1a00:0000:0000:0000:0000'),
    ),
    noMatch(
      'an IPv6 address outside the /64',
      AWS_VERIFIED('content_ip_address_v6_NEG.json5'),
      cidr('2001:db8:1234:1a00::/64'),
      withIp('2001:0db8:123f:1a01:0000:0000:0000:0000'),
    ),
    match('a compressed IPv6 address in a /32', IP, cidr('2001:db8::/32'), withIp('2001:db8:0:0:1::1')),
    match('IPv6 hex digits in another case', IP, cidr('2001:DB8::/32'), withIp('2001:db8::1')),
    match(
      'the top of an IPv6 /122',
      EVENT_RULER.test('CIDRTest.TestCorrectRanges'),
      cidr('2400:6500:FF00::36FB:1F80/122'),
      withIp('2400:6500:ff00::36fb:1fbf'),
    ),
    noMatch(
      'the address after an IPv6 /122',
      EVENT_RULER.test('CIDRTest.TestCorrectRanges'),
      cidr('2400:6500:FF00::36FB:1F80/122'),
      withIp('2400:6500:ff00::36fb:1fc0'),
    ),
    match('::1 in ::/127', IP, cidr('::/127'), withIp('::1')),
    match(
      'an IPv4-mapped IPv6 address in an IPv4 block (read as IPv4, as Java does)',
      EVENT_RULER.source('CIDR.ipToBytes (InetAddress.getByName)'),
      cidr('10.0.0.0/8'),
      withIp('::ffff:a00:1'),
    ),
    match('one address of an array', AWS_DOCS.arrays, cidr('10.0.0.0/24'), withIp(['192.168.0.1', '10.0.0.7'])),
    match('a block listed with an exact value', AWS_DOCS.syntax, { detail: { sourceIPAddress: ['127.0.0.1', { cidr: '10.0.0.0/24' }] } }, withIp('10.0.0.9')),
    match('an IPv4 literal as an exact value', EXACT_IP, exact('54.240.196.255'), withIp('54.240.196.255')),
    noMatch('the next address against an IPv4 literal', EXACT_IP, exact('255.255.255.255'), withIp('255.255.255.254')),
    match('an IPv6 literal written another way', EXACT_IP, exact('2001:db8::ff00:42:8329'), withIp('2001:0db8:0000:0000:0000:ff00:0042:8329')),
    match('an IPv6 literal in upper case', EXACT_IP, exact('2400:6500:FF00::36FB:1F8C'), withIp('2400:6500:ff00::36fb:1f8c')),
    noMatch('the next address against an IPv6 literal', EXACT_IP, exact('::a'), withIp('::b')),
    match('::0 against the unspecified address ::', EXACT_IP, exact('::0'), withIp('::')),
    match(
      'a string shaped like IPv6 that is no address, as a plain string',
      EVENT_RULER.test('CIDRTest.testInvalidIPMatchedByIPv6Regex'),
      exact('08:23'),
      withIp('08:23'),
    ),
    match(
      'the event-ruler CloudTrail sample (exact IPs with other fields)',
      EXACT_IP,
      { source: ['aws.ecs'], detail: { eventSource: ['ecs.amazonaws.com'], sourceIPAddress: ['2001:db8::ff00:42:8329'] } },
      busEvent({ eventSource: 'ecs.amazonaws.com', sourceIPAddress: '2001:db8::ff00:42:8329' }, { top: { source: 'aws.ecs' } }),
    ),
  ]);
});
