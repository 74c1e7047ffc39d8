/** Alarm actions on AWS that CloudWatch names no ARN for, registered under a name: {@link dev.monitor.aws.actions.SetDesiredCapacity}. */
package dev.monitor.aws.actions;
