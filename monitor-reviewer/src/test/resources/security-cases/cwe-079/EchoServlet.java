// expect: java/unvalidated-input
import javax.servlet.http.*;
class EchoServlet extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        response.getWriter().println("<p>Hello " + request.getParameter("name") + "</p>");
    }
}
