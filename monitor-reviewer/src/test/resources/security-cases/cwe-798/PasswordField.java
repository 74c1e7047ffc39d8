// expect: java/hardcoded-credentials
class PasswordField {
    private String dbPassword = "s3cr3t-Pa55";
}
