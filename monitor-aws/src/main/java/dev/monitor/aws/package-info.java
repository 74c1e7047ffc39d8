/**
 * Monitor on AWS: exporters that send each signal to the AWS service it imitates, through the AWS
 * SDK for Java v2. With this module on the classpath, {@code type: cloudwatch} (metrics) and
 * {@code type: cloudwatch-logs} (logs) are exporter types of the configuration; every one of
 * them takes the {@link dev.monitor.aws.AwsClientSettings} besides its own.
 */
package dev.monitor.aws;
