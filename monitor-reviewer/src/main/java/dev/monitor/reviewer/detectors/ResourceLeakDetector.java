package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.Set;

/**
 * {@code java/resource-leak}: a file, socket, JDBC object, stream or HttpClient opened in a method and not closed
 * on every path. Each holds an operating-system handle or a pooled connection until closed; a leak per request
 * runs the process out of file descriptors or the pool out of connections.
 */
final class ResourceLeakDetector extends LeakDetector {
    static final Rule RULE = new Rule("java/resource-leak", "Resource not closed on every path", Severity.HIGH,
            Category.RESOURCE_LEAK, "A stream, file, socket, JDBC connection, statement or result set, or HttpClient is "
            + "opened and not closed on every path out of the method: each leak holds a file descriptor or a pooled "
            + "connection until the garbage collector runs, if ever.", 772);

    /** Opened by their constructor whatever the arguments. */
    private static final Set<String> OPENING = Set.of("FileInputStream", "FileOutputStream", "FileReader", "FileWriter",
            "RandomAccessFile", "ZipFile", "JarFile", "Socket", "ServerSocket", "DatagramSocket", "SSLSocket");
    /** Open a file when their first argument is a file name, File or Path. */
    private static final Set<String> OPENING_FROM_NAME = Set.of("PrintWriter", "PrintStream", "Formatter");
    /** Own a resource when they wrap a freshly opened one. */
    private static final Set<String> WRAPPERS = Set.of("BufferedReader", "BufferedWriter", "InputStreamReader",
            "OutputStreamWriter", "BufferedInputStream", "BufferedOutputStream", "DataInputStream", "DataOutputStream",
            "ObjectInputStream", "ObjectOutputStream", "GZIPInputStream", "GZIPOutputStream", "ZipInputStream",
            "ZipOutputStream", "JarInputStream", "JarOutputStream", "PrintWriter", "PrintStream", "Scanner",
            "LineNumberReader", "PushbackInputStream", "InflaterInputStream", "DeflaterOutputStream");
    private static final Set<String> FILES_OPENING = Set.of("newInputStream", "newOutputStream", "newBufferedReader",
            "newBufferedWriter", "newByteChannel", "newDirectoryStream", "lines", "list", "walk", "find");
    private static final Set<String> STATEMENT_TYPES = Set.of("Statement", "PreparedStatement", "CallableStatement");

    ResourceLeakDetector() {
        super(RULE);
    }

    @Override
    String created(Expression e) {
        if (e instanceof ObjectCreationExpr creation) {
            String type = creation.getType().getNameAsString();
            if (creation.getAnonymousClassBody().isPresent()) {
                return null;
            }
            if (OPENING.contains(type)) {
                return type;
            }
            if (creation.getArguments().isEmpty()) {
                return null;
            }
            Expression first = creation.getArgument(0);
            String firstType = Ast.typeOf(first);
            if (OPENING_FROM_NAME.contains(type) && ("String".equals(firstType) || "File".equals(firstType)
                    || "Path".equals(firstType))) {
                return type;
            }
            if (type.equals("Scanner") && ("File".equals(firstType) || "Path".equals(firstType))) {
                return type;
            }
            if (WRAPPERS.contains(type) && created(Ast.unwrap(first)) != null) {
                return type;
            }
            return null;
        }
        if (!(e instanceof MethodCallExpr call)) {
            return null;
        }
        String name = call.getNameAsString();
        if (FILES_OPENING.contains(name) && Ast.isStaticCall(call, "Files", name)) {
            return name.equals("lines") || name.equals("list") || name.equals("walk") || name.equals("find")
                    ? "Stream from Files." + name : name.equals("newDirectoryStream") ? "DirectoryStream" : "Files." + name;
        }
        if (name.equals("open") && (Ast.isStaticCall(call, "FileChannel", name) || Ast.isStaticCall(call, "AsynchronousFileChannel", name))) {
            return "FileChannel";
        }
        if (name.equals("getConnection") && (Ast.isStaticCall(call, "DriverManager", name)
                || call.getScope().map(s -> "DataSource".equals(Ast.typeOf(s))).orElse(false))) {
            return "Connection";
        }
        if ((name.equals("createStatement") || name.equals("prepareStatement") || name.equals("prepareCall"))
                && call.getScope().map(s -> "Connection".equals(Ast.typeOf(s)) || created(Ast.unwrap(s)) != null).orElse(false)) {
            return name.equals("createStatement") ? "Statement" : name.equals("prepareCall") ? "CallableStatement" : "PreparedStatement";
        }
        if ((name.equals("executeQuery") || name.equals("getGeneratedKeys"))
                && call.getScope().map(s -> STATEMENT_TYPES.contains(Ast.typeOf(s))).orElse(false)) {
            return "ResultSet";
        }
        if (name.equals("newHttpClient") && Ast.isStaticCall(call, "HttpClient", name)) {
            return "HttpClient";
        }
        if (name.equals("build") && call.getScope().map(s -> s.toString().startsWith("HttpClient.newBuilder()")).orElse(false)) {
            return "HttpClient";
        }
        if (name.equals("openStream") && call.getScope().map(s -> "URL".equals(Ast.typeOf(s))).orElse(false)) {
            return "URL stream";
        }
        return null;
    }

    @Override
    Set<String> release() {
        return Set.of("close");
    }

    @Override
    String neverReleased(String type) {
        return "This " + type + " is never closed: it keeps its file descriptor, socket or pooled connection until "
                + "garbage collection, and a leak per call exhausts them.";
    }

    @Override
    String notOnEveryPath(String type) {
        return "This " + type + " is closed only when the code before close() neither throws nor returns early: "
                + "on those paths it leaks.";
    }

    @Override
    String fix(String type) {
        return type.equals("HttpClient")
                ? "Create one HttpClient for the application and reuse it (on Java 21+ close it in try-with-resources)."
                : "Open it in a try-with-resources statement: try (var resource = ...) { ... }.";
    }
}
