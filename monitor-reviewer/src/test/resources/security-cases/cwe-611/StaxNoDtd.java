// expect: none
import javax.xml.stream.*;
class StaxNoDtd {
    XMLStreamReader reader(java.io.Reader in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return factory.createXMLStreamReader(in);
    }
}
