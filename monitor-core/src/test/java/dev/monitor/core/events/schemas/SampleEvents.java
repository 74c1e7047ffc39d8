package dev.monitor.core.events.schemas;

/** Events as AWS's guides print them, for the schema registry's tests; each names its page. */
final class SampleEvents {
    private SampleEvents() {
    }

    /**
     * The EC2 guide's state-change example
     * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html), with the
     * {@code "version": "0"} every event has (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
     */
    static final String EC2_STATE_CHANGE = """
            {
               "version":"0",
               "id":"7bf73129-1428-4cd3-a780-95db273d1602",
               "detail-type":"EC2 Instance State-change Notification",
               "source":"aws.ec2",
               "account":"123456789012",
               "time":"2021-11-11T21:29:54Z",
               "region":"us-east-1",
               "resources":[
                  "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"
               ],
               "detail":{
                  "instance-id":"i-abcd1111",
                  "state":"pending"
               }
            }
            """;

    /** The EventBridge events reference's complete event (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html). */
    static final String CLOUDFORMATION_STACK_STATUS = """
            {
              "version": "0",
              "source": "aws.cloudformation",
              "account": "123456789012",
              "id": "12345678-1234-1234-1234-111122223333",
              "region": "us-east-1",
              "detail-type": "CloudFormation Stack Status Change",
              "time": "2022-04-30T17:00:00Z",
              "resources": ["arn:aws:cloudformation:us-east-1:123456789012:stack/teststack"],
              "detail": {
                "stack-id": "arn:aws:cloudformation:us-west-1:123456789012:stack/teststack",
                "status-details": {
                  "status": "CREATE_COMPLETE",
                  "status-reason": ""
                }
              }
            }
            """;

    /**
     * An API call delivered by CloudTrail (detail-type "AWS API Call via CloudTrail",
     * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html), its detail a
     * CloudTrail record of the shape the CloudTrail guide shows
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
     */
    static final String CLOUDTRAIL_API_CALL = """
            {
              "version": "0",
              "id": "36eb8523-97d0-4518-b33d-ee3579ff19f0",
              "detail-type": "AWS API Call via CloudTrail",
              "source": "aws.s3",
              "account": "123456789012",
              "time": "2019-03-14T18:18:29Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.05",
                "userIdentity": {
                  "type": "Root",
                  "principalId": "123456789012",
                  "arn": "arn:aws:iam::123456789012:root",
                  "accountId": "123456789012",
                  "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                  "sessionContext": {
                    "attributes": {
                      "mfaAuthenticated": "false",
                      "creationDate": "2019-03-14T16:53:52Z"
                    }
                  }
                },
                "eventTime": "2019-03-14T18:18:29Z",
                "eventSource": "s3.amazonaws.com",
                "eventName": "CreateBucket",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "192.0.2.1",
                "userAgent": "aws-cli/1.16.96",
                "requestParameters": {
                  "bucketName": "DOC-EXAMPLE-BUCKET",
                  "Host": ["s3.amazonaws.com"]
                },
                "responseElements": null,
                "additionalEventData": {
                  "SignatureVersion": "SigV4",
                  "bytesTransferredIn": 0,
                  "x-amz-id-2": "EXAMPLE"
                },
                "requestID": "EXAMPLE123456789",
                "eventID": "EXAMPLE-a9f1-4e7c-8c1f-EXAMPLE",
                "readOnly": false,
                "eventType": "AwsApiCall",
                "managementEvent": true,
                "recipientAccountId": "123456789012"
              }
            }
            """;

    /**
     * The CloudTrail guide's AWS service event, KMS rotating a key
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/non-api-aws-service-events.html), as
     * EventBridge delivers it ("AWS Service Event via CloudTrail").
     */
    static final String CLOUDTRAIL_SERVICE_EVENT = """
            {
              "version": "0",
              "id": "0b2c3a1e-1111-2222-3333-444455556666",
              "detail-type": "AWS Service Event via CloudTrail",
              "source": "aws.kms",
              "account": "123456789012",
              "time": "2019-06-02T00:06:08Z",
              "region": "us-east-2",
              "resources": [],
              "detail": { "eventVersion": "1.05", "userIdentity": { "accountId": "123456789012", "invokedBy": "AWS Internal" },
                "eventTime": "2019-06-02T00:06:08Z", "eventSource": "kms.amazonaws.com", "eventName": "RotateKey",
                "awsRegion": "us-east-2", "sourceIPAddress": "AWS Internal", "userAgent": "AWS Internal",
                "requestParameters": null, "responseElements": null, "eventID": "234f004b-EXAMPLE", "readOnly": false,
                "resources": [ { "ARN": "arn:aws:kms:us-east-2:123456789012:key/7944f0ec-EXAMPLE", "accountId": "123456789012",
                "type": "AWS::KMS::Key" } ], "eventType": "AwsServiceEvent", "recipientAccountId": "123456789012",
                "serviceEventDetails": { "keyId": "7944f0ec-EXAMPLE" } }
            }
            """;
}
