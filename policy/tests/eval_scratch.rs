#[test]
fn scratch() {
    for text in [r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:CreateBackup","Resource":"**"}]}"#] {
        println!("{:#?}", policy::parse::parse(text).findings);
    }
}
