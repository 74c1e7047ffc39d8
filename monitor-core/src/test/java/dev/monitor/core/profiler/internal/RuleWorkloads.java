package dev.monitor.core.profiler.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.profiler.RuleRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Small programs for the rules {@link Workloads} leaves out: each problem as a program has it, and the same work done well
 * (the object built once and reused, the level raised, primitives, a reused buffer). Each runs for a given CPU time of
 * its thread, not wall time, so that a loaded machine still yields enough samples.
 */
final class RuleWorkloads {
    /** Built once, outside any workload's stacks: what the "done well" programs reuse. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DocumentBuilderFactory XML = DocumentBuilderFactory.newInstance();
    /** Not thread-safe: only the one thread of {@link #sharedXmlFactory} uses it. */
    private static final DocumentBuilder XML_BUILDER = newBuilder();
    private static final byte[] ORDER_XML = "<order id=\"o-1\"><line sku=\"a\" quantity=\"2\"/><line sku=\"b\" quantity=\"1\"/></order>"
            .getBytes(StandardCharsets.UTF_8);
    static volatile long sink;

    private RuleWorkloads() {
    }

    /** An order, serializable the JDK's way (its fields found by reflection) and the Jackson way (its getters). */
    public static final class Order implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final int quantity;
        private final double price;

        Order(String id, int quantity, double price) {
            this.id = id;
            this.quantity = quantity;
            this.price = price;
        }

        public String getId() {
            return id;
        }

        public int getQuantity() {
            return quantity;
        }

        public double getPrice() {
            return price;
        }
    }

    /** The business work of one request: some arithmetic, a few microseconds, about what formatting its log line costs. */
    private static long handle(int i) {
        double x = i;
        for (int k = 1; k <= 400; k++) {
            x = Math.sqrt(x + k) * 1.0000001;
        }
        return (long) x;
    }

    private static Logger logger(Level level) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(level);
        // formatted and written as to a file, but nowhere: the test's output stays clean
        StreamHandler handler = new StreamHandler(OutputStream.nullOutputStream(), new SimpleFormatter());
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        return logger;
    }

    /** Logs every request at INFO, formatted and written on the request thread. */
    static void chattyLogging(long cpuNanos) {
        Logger log = logger(Level.INFO);
        RuleRecorder.forCpu(cpuNanos, i -> {
            sink += handle(i);
            // the source named, as logging bridges do: otherwise the record walks the stack (native, unseen by JFR) to find it
            log.logp(Level.INFO, "Orders", "handle", "order {0} handled for {1}: {2} lines", new Object[] {i, "shop", i % 7});
        });
    }

    /** The same requests with the chatty message at FINE, guarded, and the logger at INFO: nothing formatted or written. */
    static void quietLogging(long cpuNanos) {
        Logger log = logger(Level.INFO);
        RuleRecorder.forCpu(cpuNanos, i -> {
            sink += handle(i);
            if (log.isLoggable(Level.FINE)) {
                log.logp(Level.FINE, "Orders", "handle", "order {0} handled for {1}: {2} lines", new Object[] {i, "shop", i % 7});
            }
        });
    }

    /** Creates an ObjectMapper for every order it writes. */
    static void mapperPerCall(long cpuNanos) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            try {
                sink += new ObjectMapper().writeValueAsString(new Order("o-" + i, i % 5, i * 0.5)).length();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The same orders written by one shared ObjectMapper. */
    static void sharedMapper(long cpuNanos) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            try {
                sink += MAPPER.writeValueAsString(new Order("o-" + i, i % 5, i * 0.5)).length();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Finds a DocumentBuilderFactory (and builds a DocumentBuilder) for every document it parses. */
    static void xmlFactoryPerCall(long cpuNanos) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            try {
                DocumentBuilder builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
                sink += lines(builder.parse(new ByteArrayInputStream(ORDER_XML)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The same documents parsed by one DocumentBuilder of this thread, from a factory created once. */
    static void sharedXmlFactory(long cpuNanos) {
        DocumentBuilder builder = XML_BUILDER;
        RuleRecorder.forCpu(cpuNanos, i -> {
            try {
                builder.reset();
                sink += lines(builder.parse(new ByteArrayInputStream(ORDER_XML)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static DocumentBuilder newBuilder() {
        try {
            return XML.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lines(Document document) {
        return document.getElementsByTagName("line").getLength();
    }

    /**
     * Writes each basket of orders with java.io serialization: the class described and every order's fields read by
     * reflection. One stream, reset per basket as a message protocol would: a new stream per call spent its time
     * allocating the stream's buffers rather than in serialization.
     */
    static void javaSerialization(long cpuNanos) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            RuleRecorder.forCpu(cpuNanos, i -> {
                try {
                    bytes.reset();
                    out.reset();
                    out.writeObject(basket(i));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sink += bytes.size();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same baskets written by a hand-written codec. */
    static void handWrittenCodec(long cpuNanos) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                Order[] basket = basket(i);
                out.writeInt(basket.length);
                for (Order order : basket) {
                    out.writeUTF(order.getId());
                    out.writeInt(order.getQuantity());
                    out.writeDouble(order.getPrice());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sink += bytes.size();
        });
    }

    private static Order[] basket(int i) {
        Order[] orders = new Order[32];
        for (int k = 0; k < orders.length; k++) {
            orders[k] = new Order("o-" + i + "-" + k, k % 5, i * 0.5 + k);
        }
        return orders;
    }

    /** Sums prices kept as a List of Long: every value boxed (above the small-value cache) and kept, so not optimized away. */
    static void boxedSums(long cpuNanos) {
        List<Long> prices = new ArrayList<>(4096);
        RuleRecorder.forCpu(cpuNanos, i -> {
            prices.clear();
            for (int k = 0; k < 4096; k++) {
                prices.add(1_000_000L + i + k);
            }
            long sum = 0;
            for (Long price : prices) {
                sum += price;
            }
            sink += sum;
        });
    }

    /** The same sums over a primitive array. */
    static void primitiveSums(long cpuNanos) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            long[] prices = new long[4096];
            for (int k = 0; k < prices.length; k++) {
                prices[k] = 1_000_000L + i + k;
            }
            long sum = 0;
            for (long price : prices) {
                sum += price;
            }
            sink += sum;
        });
    }

    /**
     * Copies a 64 KB page into a new array on every call before checking every 16th byte of it. The check is Java code
     * that CPU samples see, so both programs are observed running: the copy itself is a stub JFR does not sample.
     */
    static void copyPerCall(long cpuNanos) {
        byte[] page = new byte[64 * 1024];
        RuleRecorder.forCpu(cpuNanos, i -> {
            page[i % page.length] = (byte) i;
            sink += checksum(page.clone());
        });
    }

    /** The same checks on a buffer it reuses. */
    static void reusedBuffer(long cpuNanos, byte[] page, byte[] buffer) {
        RuleRecorder.forCpu(cpuNanos, i -> {
            page[i % page.length] = (byte) i;
            System.arraycopy(page, 0, buffer, 0, page.length);
            sink += checksum(buffer);
        });
    }

    private static long checksum(byte[] bytes) {
        long sum = 0;
        for (int k = 0; k < bytes.length; k += 16) {
            sum = sum * 31 + bytes[k];
        }
        return sum;
    }
}
