package dev.monitor.xray.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.xray.SamplingStrategyProvider;

/** {@code sampling: {type: local}}, the default: the local rules ({@code samplingRules}) decide. It takes no settings. */
public final class LocalSamplingProvider implements SamplingStrategyProvider {
    @Override
    public String type() {
        return "local";
    }

    @Override
    public Factory read(ConfigNode section) {
        section.rejectUnknownKeys();
        return Context::local;
    }
}
