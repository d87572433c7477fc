//! The workstation's cost per keystroke on a 100,000-order queue: the `/` filter, the visible rows
//! (filter + sort), and one whole frame of the queue. Run: `cargo bench --bench queue`.

use criterion::{Criterion, criterion_group, criterion_main};
use pddtui::i18n::Lang;
use pddtui::tui::order_list::OrderList;
use pddtui::tui::{filter, rows, testdata, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

const N: usize = 100_000;

fn bench(c: &mut Criterion) {
    let now = testdata::now();
    let orders = pddtui::sim::shop::generate(42, N, now);
    let list: OrderList = orders.clone().into();
    let mut app = testdata::app(Lang::Zh);
    app.orders = orders.clone().into();

    let mut g = c.benchmark_group("queue_100k");
    g.sample_size(20);
    g.bench_function("load_order_list", |b| {
        b.iter_batched(
            || orders.clone(),
            OrderList::new,
            criterion::BatchSize::LargeInput,
        )
    });
    for query in ["纸巾", "261120", "flag:red overdue", "memo refund"] {
        g.bench_function(format!("filter/{query}"), |b| {
            b.iter(|| filter::filter_indices(black_box(&list), query, now).len())
        });
    }
    g.bench_function("visible_rows_sorted", |b| {
        b.iter(|| rows::visible(black_box(&app)).len())
    });
    let mut term = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("no test terminal: {e}");
            return;
        }
    };
    g.bench_function("draw_queue_frame_120x40", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app)))
                .map(|_| ())
                .ok()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
