import { describe, expect, it } from 'vitest';
import { jsonToQueryXml, queryToJson } from '../../endpoint/sqs-query.ts';

describe('queryToJson', () => {
  it('rebuilds lists, attribute maps, message attributes, tags and numbers from numbered parameters', () => {
    // Prepare
    const params = new URLSearchParams({
      Action: 'CreateQueue',
      Version: '2012-11-05',
      QueueName: 'jobs',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '5',
      'Attribute.2.Name': 'DelaySeconds',
      'Attribute.2.Value': '1',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'orders',
      'AttributeName.2': 'QueueArn',
      'AttributeName.1': 'All',
      'MessageAttribute.1.Name': 'kind',
      'MessageAttribute.1.Value.DataType': 'Number',
      'MessageAttribute.1.Value.StringValue': '7',
      WaitTimeSeconds: '20',
    });

    // Act
    const { action, input } = queryToJson(params);

    // Assess
    expect(action).toBe('CreateQueue');
    expect(input).toEqual({
      QueueName: 'jobs',
      Attributes: { VisibilityTimeout: '5', DelaySeconds: '1' },
      tags: { team: 'orders' },
      AttributeNames: ['All', 'QueueArn'],
      MessageAttributes: { kind: { DataType: 'Number', StringValue: '7' } },
      WaitTimeSeconds: 20,
    });
  });
});

describe('jsonToQueryXml', () => {
  it('flattens lists under member names and maps into Name/Value entries, escaping text', () => {
    // Act
    const xml = jsonToQueryXml('ReceiveMessage', { Messages: [{ MessageId: 'm1', Body: '<a>', Attributes: { ApproximateReceiveCount: '1' } }] }, 'req-1');

    // Assess
    expect(xml).toBe(
      '<?xml version="1.0"?><ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><ReceiveMessageResult>' +
        '<Message><MessageId>m1</MessageId><Body>&#60;a&#62;</Body><Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute></Message>' +
        '</ReceiveMessageResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ReceiveMessageResponse>',
    );
  });
});
