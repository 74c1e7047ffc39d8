// expect: java/xxe
import javax.xml.stream.*;
class StaxFactory {
    XMLStreamReader reader(java.io.Reader in) throws XMLStreamException {
        return XMLInputFactory.newFactory().createXMLStreamReader(in);
    }
}
