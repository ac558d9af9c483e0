// Rebuild when embedded folders change (include_dir cannot see new files).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/tools/scaffold");
}
