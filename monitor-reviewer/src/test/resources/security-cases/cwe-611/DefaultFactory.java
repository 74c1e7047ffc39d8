// expect: java/xxe
import javax.xml.parsers.*;
class DefaultFactory {
    org.w3c.dom.Document parse(java.io.InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return factory.newDocumentBuilder().parse(in);
    }
}
