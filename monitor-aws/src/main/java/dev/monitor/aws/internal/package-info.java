/** The AWS exporters and the one way they build, configure and close their SDK clients; not for applications. */
package dev.monitor.aws.internal;
