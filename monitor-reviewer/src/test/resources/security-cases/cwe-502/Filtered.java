// expect: none
import java.io.*;
class Filtered {
    Object read(InputStream in) throws Exception {
        ObjectInputStream objects = new ObjectInputStream(in);
        objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.Dto;!*"));
        return objects.readObject();
    }
}
