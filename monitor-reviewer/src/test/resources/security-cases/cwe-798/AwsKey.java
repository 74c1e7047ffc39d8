// expect: java/hardcoded-credentials
class AwsKey {
    static final String KEY_ID = "AKIAZ3MSJV4WZQ7GXT2R";
}
