package dev.monitor.slf4j;

import dev.monitor.core.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider that SLF4J finds through {@code ServiceLoader} when {@code monitor-slf4j}
 * is on the classpath: every {@code LoggerFactory.getLogger(...)} logger writes Monitor events.
 *
 * <p>With no code at all, it builds a monitor from the file named by the system property
 * {@value #CONFIG_PROPERTY}, or else from {@code ./monitor.yaml}, or else from {@code monitor.yaml}
 * on the classpath (as Logback reads {@code logback.xml}), binds SLF4J to it and closes it at
 * shutdown. Without any, events are kept (up to {@value EarlyEvents#CAPACITY}) until the
 * application binds a monitor it built with {@link MonitorSlf4j#install}.
 */
public final class MonitorServiceProvider implements SLF4JServiceProvider {
    /** The system property that names the configuration file. */
    public static final String CONFIG_PROPERTY = "monitor.config";

    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private MonitorLoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggers = new MonitorLoggerFactory();
        Path config = configFile();
        if (config == null) {
            return;
        }
        try {
            Monitor monitor = Monitor.fromConfig(config);
            loggers.bind(monitor);
            Runtime.getRuntime().addShutdownHook(new Thread(monitor::close, "monitor-slf4j-shutdown"));
        } catch (RuntimeException e) {
            // A bad file must not stop the application: say why, and keep events for a monitor installed in code.
            System.err.println("monitor-slf4j: the monitor could not be built from " + config + ": " + e.getMessage());
        }
    }

    private static Path configFile() {
        String named = System.getProperty(CONFIG_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        Path working = Path.of("monitor.yaml");
        if (Files.isRegularFile(working)) {
            return working;
        }
        URL resource = Thread.currentThread().getContextClassLoader() == null ? null
                : Thread.currentThread().getContextClassLoader().getResource("monitor.yaml");
        if (resource == null) {
            resource = MonitorServiceProvider.class.getClassLoader().getResource("monitor.yaml");
        }
        if (resource == null) {
            return null;
        }
        try (InputStream in = resource.openStream()) {
            // A resource may sit inside a jar; the configuration reader takes files.
            Path copy = Files.createTempFile("monitor", ".yaml");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            System.err.println("monitor-slf4j: monitor.yaml on the classpath cannot be read: " + e.getMessage());
            return null;
        }
    }
}
