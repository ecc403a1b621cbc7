//! Where the permissions apply: partition, accounts, regions, tables, restore targets, the S3
//! location of exports and imports, and KMS keys.

use leptos::prelude::*;
use policy::scope::{
    AccountId, BucketName, KmsKeyArn, ObjectPrefix, Partition, Region, RestoreTargets, S3Location,
    ScopeError, TableName, TablePattern, TablePrefix, TableSelection,
};
use policy::spec::Scope;

use crate::chip_input::ChipInput;
use crate::state::Editor;

const PARTITIONS: [Partition; 3] = [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

/// A scope error as the page shows it: the message, then the fix.
pub fn explain(error: &ScopeError) -> String {
    format!("{error}: {}", error.help())
}

/// Adds a validated value to a list in the scope, refusing duplicates.
fn push<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The scope editor.
#[component]
pub fn ScopePanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    // Memos: an edit outside the scope (a tick) must not redraw hundreds of table chips.
    let scope = Memo::new(move |_| editor.spec().with(|spec| spec.scope.clone()));
    let scope = move || scope.get();
    let edit_scope = move |change: &dyn Fn(&mut Scope)| editor.edit(|spec| change(&mut spec.scope));

    let listed = |list: fn(&Scope) -> Vec<String>| Signal::from(Memo::new(move |_| list(&scope())));
    let accounts = listed(|scope| scope.accounts.iter().map(ToString::to_string).collect());
    let regions = listed(|scope| scope.regions.iter().map(ToString::to_string).collect());
    let kms_keys = listed(|scope| scope.kms_keys.iter().map(ToString::to_string).collect());
    let tables = listed(|scope| match &scope.tables {
        TableSelection::All => Vec::new(),
        TableSelection::Names(names) => names.iter().map(ToString::to_string).collect(),
        TableSelection::Prefixes(prefixes) => prefixes.iter().map(ToString::to_string).collect(),
    });
    let table_mode = move || match scope().tables {
        TableSelection::All => "all",
        TableSelection::Names(_) => "names",
        TableSelection::Prefixes(_) => "prefixes",
    };
    let set_table_mode = move |mode: &str| {
        let selection = match mode {
            "names" => TableSelection::Names(Vec::new()),
            "prefixes" => TableSelection::Prefixes(Vec::new()),
            _ => TableSelection::All,
        };
        edit_scope(&|scope| {
            if std::mem::discriminant(&scope.tables) != std::mem::discriminant(&selection) {
                scope.tables = selection.clone();
            }
        });
    };

    let add_account = Callback::new(move |text: String| {
        let account = AccountId::new(text).map_err(|error| explain(&error))?;
        edit_scope(&|scope| push(&mut scope.accounts, account.clone()));
        Ok(())
    });
    let remove_account = Callback::new(move |index: usize| {
        edit_scope(&|scope| {
            if index < scope.accounts.len() {
                scope.accounts.remove(index);
            }
        });
    });
    let add_region = Callback::new(move |text: String| {
        let region = Region::new(text).map_err(|error| explain(&error))?;
        edit_scope(&|scope| push(&mut scope.regions, region.clone()));
        Ok(())
    });
    let remove_region = Callback::new(move |index: usize| {
        edit_scope(&|scope| {
            if index < scope.regions.len() {
                scope.regions.remove(index);
            }
        });
    });
    let add_table = Callback::new(move |text: String| {
        match table_mode() {
            "prefixes" => {
                let prefix = TablePrefix::new(text).map_err(|error| explain(&error))?;
                edit_scope(&|scope| {
                    if let TableSelection::Prefixes(prefixes) = &mut scope.tables {
                        push(prefixes, prefix.clone());
                    }
                });
            }
            _ => {
                let name = TableName::new(text).map_err(|error| explain(&error))?;
                edit_scope(&|scope| {
                    if let TableSelection::Names(names) = &mut scope.tables {
                        push(names, name.clone());
                    }
                });
            }
        }
        Ok(())
    });
    let remove_table = Callback::new(move |index: usize| {
        edit_scope(&|scope| match &mut scope.tables {
            TableSelection::Names(names) if index < names.len() => {
                names.remove(index);
            }
            TableSelection::Prefixes(prefixes) if index < prefixes.len() => {
                prefixes.remove(index);
            }
            _ => {}
        });
    });
    let add_key = Callback::new(move |text: String| {
        let key = KmsKeyArn::new(text).map_err(|error| explain(&error))?;
        edit_scope(&|scope| push(&mut scope.kms_keys, key.clone()));
        Ok(())
    });
    let remove_key = Callback::new(move |index: usize| {
        edit_scope(&|scope| {
            if index < scope.kms_keys.len() {
                scope.kms_keys.remove(index);
            }
        });
    });

    let (restore_error, set_restore_error) = signal(None::<String>);
    let restore_pattern = move || match scope().restore_targets {
        RestoreTargets::Same => String::new(),
        RestoreTargets::Pattern(pattern) => pattern.to_string(),
    };
    let set_restore = move |text: String| {
        let text = text.trim().to_owned();
        if text.is_empty() {
            set_restore_error.set(None);
            edit_scope(&|scope| scope.restore_targets = RestoreTargets::Same);
            return;
        }
        match TablePattern::new(text) {
            Err(error) => set_restore_error.set(Some(explain(&error))),
            Ok(pattern) => {
                set_restore_error.set(None);
                edit_scope(&|scope| {
                    scope.restore_targets = RestoreTargets::Pattern(pattern.clone())
                });
            }
        }
    };

    let (s3_error, set_s3_error) = signal(None::<String>);
    let bucket = move || {
        scope()
            .s3
            .map(|location| location.bucket.to_string())
            .unwrap_or_default()
    };
    let object_prefix = move || {
        scope()
            .s3
            .and_then(|location| location.prefix.map(|prefix| prefix.to_string()))
            .unwrap_or_default()
    };
    let set_s3 = move |bucket_text: String, prefix_text: String| {
        let bucket_text = bucket_text.trim().to_owned();
        let prefix_text = prefix_text.trim().to_owned();
        if bucket_text.is_empty() {
            set_s3_error.set(None);
            edit_scope(&|scope| scope.s3 = None);
            return;
        }
        let location = BucketName::new(bucket_text).and_then(|bucket| {
            let prefix = if prefix_text.is_empty() {
                None
            } else {
                Some(ObjectPrefix::new(prefix_text)?)
            };
            Ok(S3Location { bucket, prefix })
        });
        match location {
            Err(error) => set_s3_error.set(Some(explain(&error))),
            Ok(location) => {
                set_s3_error.set(None);
                edit_scope(&|scope| scope.s3 = Some(location.clone()));
            }
        }
    };

    view! {
        <section class="panel scope" aria-labelledby="scope-heading">
            <h2 id="scope-heading">"Scope"</h2>
            <div class="scope-field">
                <label for="scope-partition">"Partition"</label>
                <select
                    id="scope-partition"
                    on:change:target=move |event| {
                        if let Ok(partition) = event.target().value().parse::<Partition>() {
                            edit_scope(&|scope| scope.partition = partition);
                        }
                    }
                >
                    {PARTITIONS
                        .into_iter()
                        .map(|partition| {
                            view! {
                                <option
                                    value=partition.as_str()
                                    selected=move || scope().partition == partition
                                >
                                    {partition.as_str()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <ChipInput
                id="scope-accounts"
                label="Accounts"
                hint="12-digit account ids; none means any account."
                values=accounts
                add=add_account
                remove=remove_account
            />
            <ChipInput
                id="scope-regions"
                label="Regions"
                hint="Such as us-east-1; none means any region."
                values=regions
                add=add_region
                remove=remove_region
            />
            <fieldset class="scope-field tables">
                <legend>"Tables"</legend>
                {[("all", "All tables"), ("names", "Tables named"), ("prefixes", "Tables starting with")]
                    .into_iter()
                    .map(|(mode, label)| {
                        view! {
                            <label class="inline">
                                <input
                                    type="radio"
                                    name="table-mode"
                                    value=mode
                                    prop:checked=move || table_mode() == mode
                                    on:change=move |_| set_table_mode(mode)
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
                <Show when=move || table_mode() != "all">
                    <ChipInput
                        id="scope-tables"
                        label="Table names or prefixes"
                        hint="Such as Orders, or orders- for every table whose name starts with it."
                        values=tables
                        add=add_table
                        remove=remove_table
                    />
                </Show>
            </fieldset>
            <div class="scope-field">
                <label for="scope-restore">"Restore targets"</label>
                <input
                    id="scope-restore"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="orders-restore-*"
                    aria-describedby="scope-restore-hint scope-restore-message"
                    aria-invalid=move || restore_error.get().is_some().to_string()
                    prop:value=restore_pattern
                    on:change:target=move |event| set_restore(event.target().value())
                />
                <p class="hint-text" id="scope-restore-hint">
                    "The tables a restore may create; empty means the chosen tables' own names."
                </p>
                <p class="error" id="scope-restore-message" role="status">{restore_error}</p>
            </div>
            <details class="scope-more">
                <summary>"S3 location and KMS keys"</summary>
                <div class="scope-field">
                    <label for="scope-bucket">"S3 bucket for exports and imports"</label>
                    <input
                        id="scope-bucket"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="scope-s3-message"
                        aria-invalid=move || s3_error.get().is_some().to_string()
                        prop:value=bucket
                        on:change:target=move |event| set_s3(event.target().value(), object_prefix())
                    />
                    <label for="scope-object-prefix">"Object key prefix"</label>
                    <input
                        id="scope-object-prefix"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="scope-s3-message"
                        prop:value=object_prefix
                        on:change:target=move |event| set_s3(bucket(), event.target().value())
                    />
                    <p class="error" id="scope-s3-message" role="status">{s3_error}</p>
                </div>
                <ChipInput
                    id="scope-kms"
                    label="KMS keys"
                    hint="Key ARNs, needed by “Use customer-managed KMS keys”."
                    values=kms_keys
                    add=add_key
                    remove=remove_key
                />
            </details>
        </section>
    }
}
