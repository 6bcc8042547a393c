<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="ru_RU">
<context>
    <name>App</name>
    <message>
        <location filename="../../operator_app/ui/app.py" line="71" />
        <source>Запуск демо-режима: локальный сервер маршрутизации и имитация обращений…</source>
        <translation>Starting the demo: a local routing server and simulated contacts…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="79" />
        <source>ЕКЦ — демо-режим</source>
        <translation>EKC — demo mode</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="91" />
        <source>Демо-режим не запустился</source>
        <translation>The demo did not start</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="104" />
        <source>Демо-режим: {0}</source>
        <translation>Demo mode: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/app.py" line="106" />
        <source>Сервер: {0}</source>
        <translation>Server: {0}</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="165" />
        <source>Нет открытых обращений. Примите предложение в очереди.</source>
        <translation>No open contacts. Accept an offer in the queue.</translation>
    </message>
</context>
<context>
    <name>ConversationTab</name>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="55" />
        <source>Переписка</source>
        <translation>Transcript</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="58" />
        <source>Ответ гражданину… (Ctrl+Enter — отправить)</source>
        <translation>Reply to the citizen… (Ctrl+Enter sends)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="59" />
        <source>Ответ</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="64" />
        <source>Отправить</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="65" />
        <source>Завершить разговор</source>
        <translation>End conversation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="84" />
        <source>гражданин</source>
        <translation>citizen</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="110" />
        <source>Меню IVR</source>
        <translation>IVR menu</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="112" />
        <source>СНИЛС из IVR</source>
        <translation>SNILS from IVR</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="114" />
        <source>Продолжение обращения</source>
        <translation>Continues contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="116" />
        <source>Тема</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="119" />
        <source>Номер заявления</source>
        <translation>Application number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="120" />
        <source>Описание</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="125" />
        <source>Текст</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/conversation.py" line="127" />
        <source>Ответить через</source>
        <translation>Reply via</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../operator_app/ui/errors.py" line="14" />
        <source>Непредвиденная ошибка: {0}. Сообщите администратору; данные сохранены.</source>
        <translation>Unexpected error: {0}. Tell your administrator; your data is saved.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../operator_app/ui/login.py" line="53" />
        <source>ЕКЦ — вход в рабочее место</source>
        <translation>EKC — workstation login</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="56" />
        <source>Единый контактный центр 8-800-6000-000</source>
        <translation>Unified Contact Centre 8-800-6000-000</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="63" />
        <source>Имя пользователя</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="66" />
        <source>Пользователь:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="69" />
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="71" />
        <source>в демо-режиме пароль: demo</source>
        <translation>demo mode password: demo</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="72" />
        <source>Пароль:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="85" />
        <source>Войти</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="86" />
        <source>Выход</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login.py" line="96" />
        <source>Введите имя пользователя и пароль.</source>
        <translation>Enter your user name and password.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="43" />
        <source>ЕКЦ — рабочее место: {0} ({1})</source>
        <translation>EKC workstation: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="70" />
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="73" />
        <source>Экспертная система</source>
        <translation>Expert system</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="78" />
        <source>Завершение</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="108" />
        <source>Смена</source>
        <translation>Shift</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="114" />
        <source>Обращение</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="115" />
        <source>Принять предложение</source>
        <translation>Accept offer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="119" />
        <source>Завершить обращение</source>
        <translation>Close contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="123" />
        <source>Поиск</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="124" />
        <source>Искать в экспертной системе</source>
        <translation>Search the expert system</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="128" />
        <source>Вставить ответ карточки</source>
        <translation>Insert the card's answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="132" />
        <source>Вид</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="162" />
        <source>Новое обращение</source>
        <translation>New contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="163" />
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="196" />
        <source>Действие не выполнено</source>
        <translation>Action failed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="231" />
        <source>Некуда вставить</source>
        <translation>Nowhere to insert</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="232" />
        <source>Откройте обращение, чтобы вставить ответ.</source>
        <translation>Open a contact to insert the answer.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="43" />
        <source>Канал</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="44" />
        <source>Категория</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="45" />
        <source>Приоритет</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="46" />
        <source>Регион</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="42" />
        <source>Ожидание</source>
        <extracomment>service-level target: answered within 30 s (DESIGN §6)</extracomment>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="47" />
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="90" />
        <source>Обращение {0}: {1}</source>
        <translation>Contact {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue_model.py" line="106" />
        <source>к {0}</source>
        <translation>by {0}</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="55" />
        <source>Принять</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="56" />
        <source>Принять предложенное обращение (F9)</source>
        <translation>Accept the offered contact (F9)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="57" />
        <source>Отклонить</source>
        <translation>Decline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="74" />
        <source>Очередь обращений</source>
        <translation>Contact queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="78" />
        <source>Взять в работу</source>
        <translation>Take</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="79" />
        <source>Взять выбранное обращение из очереди</source>
        <translation>Take the selected contact from the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="103" />
        <source> · осталось {0} с</source>
        <translation> · {0} s left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="105" />
        <source>Предложение: {0} · {1} · {2}{3}</source>
        <translation>Offer: {0} · {1} · {2}{3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/queue.py" line="108" />
        <source>регион не указан</source>
        <translation>no region</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="55" />
        <source>Поиск в экспертной системе (Ctrl+F)</source>
        <translation>Search the expert system (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="57" />
        <source>Поиск в экспертной системе</source>
        <translation>Expert system search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="59" />
        <source>Экспертная система загружается…</source>
        <translation>Loading the expert system…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="64" />
        <source>Результаты поиска</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="68" />
        <source>Карточка экспертной системы</source>
        <translation>Expert system card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="72" />
        <source>Вставить в ответ</source>
        <translation>Insert into reply</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="73" />
        <source>Вставить ответ карточки в поле ответа (Ctrl+I)</source>
        <translation>Insert the card's answer into the reply (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="88" />
        <source>Карточек в экспертной системе: {0}</source>
        <translation>Cards in the expert system: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="101" />
        <source>2 линия</source>
        <translation>line 2</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="103" />
        <source>нужна идентификация</source>
        <translation>identity check required</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="104" />
        <source>федеральная</source>
        <translation>federal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="113" />
        <source>Ничего не найдено. Уточните запрос.</source>
        <translation>Nothing found. Refine the query.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="116" />
        <source>Найдено: {0} · {1} мс</source>
        <translation>Found: {0} · {1} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="144" />
        <source>Вопрос второй линии: эскалируйте в {0}.</source>
        <translation>A second-line matter: escalate to {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/search.py" line="149" />
        <source>Перед ответом подтвердите личность гражданина.</source>
        <translation>Verify the citizen's identity before answering.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="30" />
        <source>Состояние оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="60" />
        <source>● На связи</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="62" />
        <source>● Подключение…</source>
        <translation>● Connecting…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="66" />
        <source>● Нет связи с сервером — поиск, заметки и черновики работают; действия отправятся после восстановления связи</source>
        <translation>● No connection to the server — search, notes and drafts work; actions will be sent when the connection is back</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="80" />
        <source> → затем: {0}</source>
        <translation> → then: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="89" />
        <source>сегодня: {0} обращений, AHT {1} · очередь {2}</source>
        <translation>today: {0} contacts, AHT {1} · queue {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="101" />
        <source>стандартный</source>
        <translation>standard</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="102" />
        <source>ночной</source>
        <translation>night</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="103" />
        <source>выходной</source>
        <translation>weekend</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="104" />
        <source>аварийный</source>
        <translation>emergency</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="106" />
        <source>Режим: {0}</source>
        <translation>Mode: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/statusbar.py" line="109" />
        <source>Ожидают отправки: {0}</source>
        <translation>Waiting to be sent: {0}</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="12" />
        <source>Звонок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="13" />
        <source>Чат</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="14" />
        <source>Эл. почта</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="15" />
        <source>Веб-форма</source>
        <translation>Web form</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="16" />
        <source>Обратный звонок</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="17" />
        <source>Исходящий</source>
        <translation>Outbound</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="20" />
        <source>критический</source>
        <translation>critical</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="21" />
        <source>высокий</source>
        <translation>high</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="22" />
        <source>обычный</source>
        <translation>normal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="25" />
        <source>Готов</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="26" />
        <source>Не готов</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="27" />
        <source>Перерыв</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="28" />
        <source>Не в сети</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="29" />
        <source>В работе</source>
        <translation>In contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="30" />
        <source>Постобработка</source>
        <translation>After-contact work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="33" />
        <source>в очереди</source>
        <translation>queued</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="34" />
        <source>предложено</source>
        <translation>offered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="35" />
        <source>в работе</source>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="36" />
        <source>на удержании</source>
        <translation>on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="37" />
        <source>завершение</source>
        <translation>wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="38" />
        <source>закрыто</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="39" />
        <source>эскалировано</source>
        <translation>escalated</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="40" />
        <source>переведено</source>
        <translation>transferred</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="41" />
        <source>перенаправлено</source>
        <translation>redirected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="42" />
        <source>гражданин ушёл</source>
        <translation>citizen left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="45" />
        <source>Гражданин</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="46" />
        <source>Чат-бот</source>
        <translation>Chat bot</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/texts.py" line="47" />
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
</context>
<context>
    <name>WrapUpPane</name>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="36" />
        <location filename="../../operator_app/ui/panes/wrapup.py" line="86" />
        <source>Завершение: нет обращения</source>
        <translation>Wrap-up: no contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="43" />
        <source>Результат:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="45" />
        <source>Результат обращения</source>
        <translation>Contact result</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="51" />
        <source>Вопрос решён</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="55" />
        <source>Заметки по обращению (сохраняются автоматически)</source>
        <translation>Notes on the contact (saved automatically)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="56" />
        <source>Заметки</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="59" />
        <source>Завершить обращение</source>
        <translation>Close contact</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="60" />
        <source>Закрыть обращение с выбранным результатом (Ctrl+W)</source>
        <translation>Close the contact with the chosen result (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="89" />
        <source>Завершение обращения {0}</source>
        <translation>Wrap-up of contact {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/panes/wrapup.py" line="128" />
        <source>Постобработка: {0} с</source>
        <translation>After-contact work: {0} s</translation>
    </message>
</context>
</TS>