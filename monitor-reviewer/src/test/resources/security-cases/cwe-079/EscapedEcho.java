// expect: none
import javax.servlet.http.*;
class EscapedEcho extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String name = Encode.forHtml(request.getParameter("name"));
        response.getWriter().println("<p>Hello " + name + "</p>");
        response.getWriter().println(request.getParameter("page").length());
    }
}
