// expect: none
class PropertyNames {
    static final String PASSWORD_PROPERTY = "db.password";
    static final String API_KEY_HEADER = "x-api-key";
    String password = System.getenv("DB_PASSWORD");
    String token = "";
    static final String EXAMPLE = "AKIAIOSFODNN7EXAMPLE";
    String nextToken = "eyJvZmZzZXQiOjEwfQ";
}
class HeaderNames {
    public static final String ACCESS_CONTROL_ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
}
