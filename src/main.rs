//! The browser entry point: install the panic hook, then mount the app.

fn main() {
    pipeline_atlas::start();
}
