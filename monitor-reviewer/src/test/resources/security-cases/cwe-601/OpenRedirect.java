// expect: java/unvalidated-input
import javax.servlet.http.*;
class OpenRedirect extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String next = request.getParameter("next");
        response.sendRedirect(next);
    }
}
