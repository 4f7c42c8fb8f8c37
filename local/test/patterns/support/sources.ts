/**
 * Where each conformance case comes from. Every case names one of these, so a reader can check the behaviour
 * against the AWS documentation, against aws/event-ruler (the matcher EventBridge runs), or against an answer
 * AWS itself gave to TestEventPattern.
 */
const USER_GUIDE = 'https://docs.aws.amazon.com/eventbridge/latest/userguide';
const RULER = 'https://github.com/aws/event-ruler';

export const AWS_DOCS = {
  /** "Event pattern syntax" (considerations, matching event values). */
  syntax: `${USER_GUIDE}/eb-create-pattern.html`,
  /** "Comparison operators for use in event patterns", one anchor per operator. */
  operator: (anchor: string) => `${USER_GUIDE}/eb-create-pattern-operators.html#${anchor}`,
  /** "Matching events on null values and empty strings". */
  nullValues: `${USER_GUIDE}/eb-event-patterns-null-values.html`,
  /** "Matching on multiple field values" (arrays). */
  arrays: `${USER_GUIDE}/eb-event-patterns-arrays.html`,
  /** "Content filtering in event patterns" (older page, examples reused by the operators page). */
  contentFiltering: (anchor: string) => `${USER_GUIDE}/eb-event-patterns-content-based-filtering.html#${anchor}`,
} as const;

export const EVENT_RULER = {
  /** A section of event-ruler's README.md. */
  readme: (section: string) => `${RULER} README.md, "${section}"`,
  /** A test of event-ruler's suite, as `Class.method`. */
  test: (testName: string) => `${RULER} src/test, ${testName}`,
  /** Behaviour read in event-ruler's source, for cases neither the docs nor its tests spell out. */
  source: (where: string) => `${RULER} src/main, ${where}`,
} as const;

/**
 * A result AWS returned to TestEventPattern, recorded by LocalStack's AWS-validated snapshot tests
 * (tests/aws/services/events/event_pattern_templates, run against real AWS). The case here is our own,
 * built on the same pattern and event.
 */
export const AWS_VERIFIED = (template: string) => `AWS TestEventPattern answer, localstack tests/aws/services/events/event_pattern_templates/${template}`;

/** Same, for an AWS answer recorded by a test function of localstack tests/aws/services/events/test_events_patterns.py. */
export const AWS_VERIFIED_CALL = (testName: string) => `AWS TestEventPattern answer, localstack tests/aws/services/events/test_events_patterns.py::${testName}`;
