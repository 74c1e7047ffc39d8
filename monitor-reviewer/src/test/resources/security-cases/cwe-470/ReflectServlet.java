// expect: java/unvalidated-input
class ReflectServlet {
    Object make(@RequestParam String type) throws Exception {
        return Class.forName(type).getDeclaredConstructor().newInstance();
    }
}
