// expect: none
import javax.xml.parsers.*;
class DoctypeDisallowed {
    org.w3c.dom.Document parse(java.io.InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(in);
    }
}
