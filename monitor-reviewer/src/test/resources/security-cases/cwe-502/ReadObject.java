// expect: java/insecure-deserialization
import java.io.*;
class ReadObject {
    Object read(InputStream in) throws Exception {
        ObjectInputStream objects = new ObjectInputStream(in);
        return objects.readObject();
    }
}
