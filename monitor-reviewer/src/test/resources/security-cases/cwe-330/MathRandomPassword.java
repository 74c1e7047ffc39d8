// expect: java/insecure-random
class MathRandomPassword {
    String resetPassword() {
        return "pw" + (int) (Math.random() * 1_000_000);
    }
}
